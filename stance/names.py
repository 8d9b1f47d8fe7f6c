"""Names: how a name is normalised, and word lists about names (given names by gender, titles,
name particles, nationalities, capitals and places).

A leaf: it imports nothing of Stance Tracker, so the registry, attribution and the store can all
use it. The word lists are hints only: the registry's own `gender` field wins, and a pronoun that
resolves to a person teaches the resolver that person's gender for the rest of the article.
"""

from __future__ import annotations

import re

_TITLES = re.compile(
    r"^(the\s+)?(u\.s\.\s+|us\s+|american\s+|russian\s+|ukrainian\s+|israeli\s+)?"
    r"(president|prime minister|pm|foreign minister|minister|secretary of state|secretary|chancellor|"
    r"spokesman|spokeswoman|spokesperson|envoy|special envoy|ambassador|general|gen\.|sen\.|senator|"
    r"mr\.?|mrs\.?|ms\.?|dr\.?|sheikh|king|crown prince|pope|vice president|defense minister|defence minister|"
    r"external affairs minister|foreign secretary|deputy)\s+",
    re.I,
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normalise(phrase: str) -> str:
    """Lower case, straight apostrophes, single spaces, no leading article or trailing punctuation."""
    text = re.sub(r"\s+", " ", phrase.translate(_QUOTES)).strip().strip(",.;:").lower()
    return re.sub(r"^the\s+", "", text)


def loose(phrase: str) -> str:
    """A looser key: also without possessive 's and dots ("Sudan's army chief" = "Sudan army chief")."""
    key = normalise(phrase).replace("'s ", " ").replace(".", "")
    key = re.sub(r"'s$", "", key)
    return re.sub(r"\s+", " ", key).strip()


def strip_titles(name: str) -> str:
    """Titles off the front, as often as they come: "the U.S. Secretary of State Marco Rubio" -> "Marco Rubio"."""
    previous = None
    while previous != name:
        previous, name = name, _TITLES.sub("", name).strip()
    return name


# ----- word lists ----------------------------------------------------------------------------------
FEMALE_NAMES = frozenset(
    """
    aisha aida aliya alina alla amal amina amira ana anahit anastasia angela angelina anita anitta ann anna
    annalena anne annie antonia ariana asma astrid ayesha barbara beata bianca birgit brigitte camille carla
    carmen carolina caroline catherine cecilia celine charlotte christine claire clarisse claudia cristina
    dalia dana daria diana dina dominika dorothy elena eleni elif elisabeth elizabeth ella elsa emilia emily
    emma esther eva farah fatima fiona francesca frederiksen gabriela gabriele giorgia grace gulnara hana
    hanna hannah heba helen helena hiba hillary ilona ina ingrid irena irina iryna isabel isabella jacinda
    jana jane janet jennifer jessica joanna johanna josephine judith julia juliette justyna kaja kamala karin
    karoline kasia katarzyna katherine kathrin katrin kelly kristi kristina larisa laura layla leila lena
    lilit linda lisa liz lyudmila magdalena maia maja malala manon margaret margarethe maria mariam marianne
    marie marina marine marta martina mary maya meera melania mette mia michelle mira miriam mona monica
    nada nadia nadine naledi nancy natalia natalie natalya nina noa nora olena olga oksana paula petra
    pilar rachel rania rasha renata rita ritu roberta rosa ruth sabine salma samantha sandra sara sarah
    selin sharon shirin simone sofia sonia sophia sophie stella susan suzanne svetlana tamara tanya tatiana
    tatyana teresa therese thérèse tina ulrike ursula valentina valeria vera veronika victoria viktoriia
    viola wendy xenia yara yasmin yelena yulia yvette zainab zeynep zoe zuzana
    """.split()
)

MALE_NAMES = frozenset(
    """
    aaron abbas abdel abdul abdullah abdulrahman abu adam adrian ahmad ahmed akram alain alan alberto aleksandr
    alex alexander alexandre alexei ali alistair amir anatoly andre andrei andrew andrii andriy andrzej anthony
    antonio antony ararat arjun arman armen asif ayman badr basem bashar ben benjamin bernard bilawal bill
    boris brian carlos charles chris christian christopher corneille daniel dan danny david denis dmitri
    dmitriy dmitry donald dominic edward eli emmanuel enrique eric erik esmaeil eyal fahad faisal farhad
    felix fernando francis francisco frank friedrich gabriel george georgy gideon giorgi gregory guy hakan
    hamad hamid hans hassan henry hossein hussein ibrahim igor ilham imran isaac ishaq ismail israel itamar
    ivan jake james jan jared jd jean jean-luc jean-noel jean-pierre jens jeyhun joe johann john jonathan
    jorge jose joseph juan julian karim keir keith kevin khaled khalid khalil kirill konstantin lars lawrence
    leo leonid lloyd luis lukas mahmoud majed marc marcel marco marcus mark martin masoud massad matthew
    maxim michael miguel mikhail mike mohamed mohammad mohammed muhammad mustafa naim narendra nasser nicolas
    nikol nikolai nikolay norbert olaf oleg olivier omar oscar pablo patrick paul pavel pedro peter petr
    pieter pierre rafael ramtane randhir recep richard robert roman ron ruslan rustem said salman sami
    samir samuel sandro saud sebastian serge sergei sergey shehbaz sigmar simon stefan stephane steve steven
    subrahmanyam tamim thomas tim timothy tom tony valery vasily victor vikram viktor vincent vladimir
    volodymyr walid william yair yaroslav yasser yevgeny yuri yury yusuf zbigniew
    """.split()
)

# Words that can stand before a name as a title or role ("Defence Minister Israel Katz").
TITLE_WORDS = frozenset(
    """
    president vice prime minister ministers foreign defence defense secretary secretary-general state general
    gen. gen army chief deputy special envoy ambassador spokesman spokeswoman spokesperson sheikh dr dr. mr
    mr. mrs mrs. ms ms. sir dame lord senator sen. rep. governor mayor king queen prince princess crown emir
    ayatollah pope retired former external affairs interior finance national security adviser advisor
    chancellor chancellor-in-waiting outgoing incoming commander colonel col. lieutenant lt. captain judge
    professor prof. president-elect premier chairman chairwoman director director-general presidential
    aide his her excellency highness high representative press under-secretary-general commissioner
    opposition mp pm leader acting interim caretaker
    """.split()
)

# Lower-case particles inside personal names ("Mohammed bin Salman", "Ursula von der Leyen").
NAME_PARTICLES = frozenset("al el bin ibn bint von der van den de da du la le abu abd ben dos das".split())

# Nationality adjectives and the country they point to (merged with what the registry implies).
NATIONALITIES = {
    "american": "united states",
    "u.s.": "united states",
    "us": "united states",
    "british": "united kingdom",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "rwandese": "rwanda",
    "congolese": "democratic republic of the congo",
    "emirati": "united arab emirates",
    "saudi": "saudi arabia",
    "belarusian": "belarus",
    "polish": "poland",
    "belgian": "belgium",
    "dutch": "netherlands",
    "spanish": "spain",
    "swiss": "switzerland",
    "norwegian": "norway",
    "swedish": "sweden",
    "danish": "denmark",
    "finnish": "finland",
    "estonian": "estonia",
    "latvian": "latvia",
    "lithuanian": "lithuania",
    "japanese": "japan",
    "korean": "korea",
    "indonesian": "indonesia",
    "brazilian": "brazil",
    "south african": "south africa",
    "kenyan": "kenya",
    "ethiopian": "ethiopia",
    "eritrean": "eritrea",
    "palestinian": "palestinian territories",
    "lebanese": "lebanon",
    "syrian": "syria",
    "iraqi": "iraq",
    "jordanian": "jordan",
    "thai": "thailand",
    "cambodian": "cambodia",
    "malaysian": "malaysia",
    "colombian": "colombia",
    "venezuelan": "venezuela",
    "yemeni": "yemen",
    "afghan": "afghanistan",
    "burmese": "myanmar",
    "myanmar": "myanmar",
    "libyan": "libya",
    "somali": "somalia",
    "nigerian": "nigeria",
    "south sudanese": "south sudan",
    "kurdish": "kurdistan",
    "bangladeshi": "bangladesh",
    "sri lankan": "sri lanka",
    "filipino": "philippines",
    "vietnamese": "vietnam",
    "mexican": "mexico",
    "canadian": "canada",
    "australian": "australia",
    "italian": "italy",
    "greek": "greece",
    "georgian": "georgia",
    "moldovan": "moldova",
    "serbian": "serbia",
    "kosovar": "kosovo",
    "romanian": "romania",
    "czech": "czechia",
    "slovak": "slovakia",
    "austrian": "austria",
    "irish": "ireland",
    "portuguese": "portugal",
    "kuwaiti": "kuwait",
    "bahraini": "bahrain",
    "algerian": "algeria",
    "moroccan": "morocco",
    "tunisian": "tunisia",
    "ugandan": "uganda",
    "burundian": "burundi",
    "tanzanian": "tanzania",
    "angolan": "angola",
    "chadian": "chad",
    "malian": "mali",
    "uzbek": "uzbekistan",
    "kazakh": "kazakhstan",
    "mongolian": "mongolia",
    "north korean": "north korea",
    "south korean": "south korea",
}

# Capitals that stand for their government ("Kabul said", "Naypyidaw rejected"), by country as in
# NATIONALITIES. Registered governments list their own capitals as aliases; these cover the rest.
CAPITALS = {
    "kabul": "afghanistan", "naypyidaw": "myanmar", "bogota": "colombia", "bogotá": "colombia", "caracas": "venezuela",
    "sanaa": "yemen", "sana'a": "yemen", "tripoli": "libya", "mogadishu": "somalia", "abuja": "nigeria", "juba": "south sudan",
    "dhaka": "bangladesh", "colombo": "sri lanka", "manila": "philippines", "hanoi": "vietnam", "mexico city": "mexico",
    "ottawa": "canada", "canberra": "australia", "rome": "italy", "athens": "greece", "tbilisi": "georgia", "chisinau": "moldova",
    "belgrade": "serbia", "pristina": "kosovo", "bucharest": "romania", "prague": "czechia", "bratislava": "slovakia",
    "vienna": "austria", "dublin": "ireland", "lisbon": "portugal", "kuwait city": "kuwait", "manama": "bahrain",
    "algiers": "algeria", "rabat": "morocco", "tunis": "tunisia", "kampala": "uganda", "gitega": "burundi", "bujumbura": "burundi",
    "dodoma": "tanzania", "luanda": "angola", "n'djamena": "chad", "bamako": "mali", "tashkent": "uzbekistan", "astana": "kazakhstan",
    "ulaanbaatar": "mongolia", "pyongyang": "north korea", "seoul": "south korea", "tokyo": "japan", "jakarta": "indonesia",
    "brasilia": "brazil", "pretoria": "south africa", "nairobi": "kenya", "addis ababa": "ethiopia", "asmara": "eritrea",
    "damascus": "syria", "baghdad": "iraq", "amman": "jordan", "warsaw": "poland", "brussels": "belgium", "the hague": "netherlands",
    "bern": "switzerland", "oslo": "norway", "stockholm": "sweden", "copenhagen": "denmark", "helsinki": "finland",
    "tallinn": "estonia", "riga": "latvia", "vilnius": "lithuania", "minsk": "belarus", "madrid": "spain",
    "phnom penh": "cambodia", "bangkok": "thailand", "kuala lumpur": "malaysia", "putrajaya": "malaysia",
}  # fmt: skip

# Cities and regions that are not capitals but where talks are held or wars fought: a place, never a
# person, when a story writes "Geneva said" (capitals speak for their government: see CAPITALS).
PLACES = frozenset(
    """
    geneva istanbul jeddah davos munich anchorage sochi dubai lviv odesa odessa kharkiv kherson zaporizhzhia
    donetsk luhansk mariupol bakhmut pokrovsk crimea donbas kursk belgorod gaza rafah jenin hebron goma bukavu
    darfur omdurman kordofan kashmir srinagar lahore karachi mumbai shanghai aleppo idlib raqqa homs
    mosul erbil basra aden hodeidah marib benghazi misrata herat kandahar peshawar quetta rakhine mandalay
    karabakh stepanakert syunik nakhchivan alaska florida sinai golan
    """.split()
)
