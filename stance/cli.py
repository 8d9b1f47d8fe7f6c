"""`stance` command line: a thin face over the library; library errors become clean messages."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from stance.config import DATA_DIR, PROJECT_DIR, SAMPLE_DIR, SHIPPED_MODEL_DIR, database_url, model_dir

STANCE_DATA = DATA_DIR / "stance"


def _fail(message: str, code: int = 1) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _files(paths: list[str]) -> list[Path]:
    """Files as given, and every file inside given folders (sorted, hidden files skipped)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.exists():
            found.append(path)
        else:
            _fail(f"{raw} does not exist. Give files or folders to ingest.")
    return found


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def _iso_date(text: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date as YYYY-MM-DD, not {text!r}") from None
    if not date(1900, 1, 1) <= value <= date.today() + timedelta(days=1):
        raise argparse.ArgumentTypeError(f"must be a publication date from 1900 to today, not {text}")
    return value


WEB_ADDRESS = re.compile(r"^https?://", re.I)


def cmd_ingest(args) -> None:
    """Stream files and JSONL feeds into the store in batches; a rerun after a kill skips what is stored.

    With --date, --title or --source, each file is read whole, as an upload is, and what was typed wins over the file.
    """
    from tqdm import tqdm

    from stance import bulk
    from stance.pipeline import Pipeline
    from stance.store import Store

    for raw in args.paths:
        if WEB_ADDRESS.match(raw):
            _fail(f"{raw} is a web address. Fetching pages by URL is not available yet: save the page (Ctrl+S) and ingest the saved file.")
    files = _files(args.paths)
    if not files:
        _fail("no files found to ingest.")
    given = {key: value for key, value in (("published", args.date), ("title", args.title), ("source", args.source)) if value is not None}
    if args.title is not None and len(files) != 1:
        _fail(f"--title names one article, but {len(files)} files were given. Give one file with it (--date and --source apply to several).")
    store = Store()
    pipeline = bulk.LazyPipeline(Pipeline.load)  # loaded only if some article is new
    if given:
        outcomes = (o for path in files for o in bulk.ingest_batch(pipeline, store, _read_as_given(path, given)))
    else:
        outcomes = bulk.ingest(pipeline, store, files, batch_size=args.batch_size or bulk.DEFAULT_BATCH_SIZE)
    counts = {"stored": 0, "duplicate": 0, "rejected": 0}
    started = time.perf_counter()
    with tqdm(total=bulk.count_articles(files), unit="article", file=sys.stderr, disable=args.quiet) as bar:
        for outcome in outcomes:
            if args.date and outcome.status == "duplicate":
                outcome = _date_if_undated(store, outcome, args.date)
            counts[outcome.status] += 1
            tqdm.write(f"{outcome.status:9} {outcome.name}: {outcome.message}", file=sys.stdout)
            bar.update(1)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        done = sum(counts.values())
        print(f"{done} articles in {elapsed:.1f} s ({done / max(elapsed, 1e-9):.1f} articles/s)", file=sys.stderr)
    print(f"{counts['stored']} stored, {counts['duplicate']} duplicate, {counts['rejected']} rejected -> {_shown_url()}")
    if counts["rejected"] and not counts["stored"] and not counts["duplicate"]:
        raise SystemExit(1)


def _date_if_undated(store, outcome, day: date):
    """--date for an article already stored without one (its first outcome line suggests this) sets its date; a date it has is kept."""
    stored = store.article(outcome.article_id) if outcome.article_id is not None else None
    if stored is None or stored["published"] is not None:
        return outcome
    store.set_article(outcome.article_id, published=day)
    return replace(outcome, message=f"already stored without a date; its date is now {day.isoformat()}")


def _read_as_given(path: Path, given: dict) -> list:
    """One file read as an upload is, with the details typed on the command line (they win over the file)."""
    from stance.config import limits
    from stance.ingest import load_bytes, load_path

    lim = limits()
    try:
        data = path.read_bytes() if path.stat().st_size <= lim.max_upload_bytes else None
    except OSError:
        data = None
    if data is None:  # too big or unreadable: load_path says which
        return load_path(path, lim)
    results = load_bytes(path.name, data, lim=lim, **given)
    if "title" in given and len(results) > 1:
        _fail(f"--title names one article, but {path.name} holds {len(results)}. Leave --title out, or give their titles in the file.")
    return results


def _shown_url() -> str:
    url = database_url()
    return url.split("@")[-1] if "@" in url else url


def cmd_analyze(args) -> None:
    from stance.ingest import load_path
    from stance.pipeline import Pipeline, analysis_json

    results = load_path(Path(args.file))
    first = results[0]
    if first.article is None:
        _fail(f"{first.name} {first.error}")
    pipeline = Pipeline.load()
    start = time.perf_counter()
    analysis = pipeline.analyze(first.article)
    elapsed = time.perf_counter() - start
    payload = analysis_json(analysis)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    article = payload["article"]
    print(f"{article['title']}\n{article['source'] or 'unknown source'}, {article['date'] or 'undated'} (date from {article['date_source']})")
    print(f"model {payload['model_version']}, analysed in {elapsed:.2f} s\n")
    for actor in payload["actors"]:
        score = "  n/a" if actor["score"] is None else f"{actor['score']:+.2f}"
        print(f"{score}  {actor['label']:8} {actor['actor']} ({actor['kind']})")
        for s in actor["statements"]:
            print(f"        {s['label']:8} {s['score']:+.2f} [{s['kind']}] {s['text'][:100]}")


def cmd_export(args) -> None:
    from stance.store import Store

    if args.all:
        cmd_export_all(args)
        return
    store = Store()
    out = open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout
    try:
        if args.corrections:
            from stance.exports import corrections_as_training

            for row in corrections_as_training(store):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            store.statements().to_csv(out, index=False)
    finally:
        if args.output:
            out.close()


def cmd_export_all(args) -> None:
    """The whole store as JSONL (`stance import` reads it back); written to FILE.partial, then renamed."""
    from stance.store import Store
    from stance.store.backup import export_all

    store = Store()
    if not args.output:
        counts = export_all(store.db, sys.stdout)
    else:
        target = Path(args.output)
        partial = target.with_name(target.name + ".partial")
        try:
            with open(partial, "w", encoding="utf-8") as out:
                counts = export_all(store.db, out)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(target)
    print(f"exported {_summary(counts)} from {_shown_url()}", file=sys.stderr)


def cmd_import(args) -> None:
    """Restore a `stance export --all` file into an empty store."""
    from stance.store import Store
    from stance.store.backup import import_all

    store = Store()
    with open(args.file, encoding="utf-8") as lines:
        counts = import_all(store.db, lines)
    print(f"imported {_summary(counts)} into {_shown_url()}")


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {table}" for table, n in counts.items())


def cmd_db(args) -> None:
    """`stance db upgrade`: migrate the store to the newest schema (opening it does the same)."""
    from stance.store.database import Database
    from stance.store.migrations import current_revision, upgrade

    database = Database(database_url(), migrate=False)
    before = current_revision(database.engine)
    after = upgrade(database.engine)
    change = "already at" if before == after else f"upgraded from {before or 'no version'} to"
    print(f"database {change} revision {after} ({_shown_url()})")


def _load_splits(folder: Path):
    from stance.classifier.data import SPLITS, read_examples

    missing = [s for s in SPLITS if not (folder / f"{s}.jsonl").exists()]
    if missing:
        _fail(f"{folder} lacks {', '.join(m + '.jsonl' for m in missing)}. Run `stance splits` first.")
    return {s: read_examples(folder / f"{s}.jsonl") for s in SPLITS}


def cmd_splits(args) -> None:
    from stance.classifier.data import (
        SPLITS, extend_splits, make_splits, near_duplicate_pairs, read_examples, without_near_duplicates, write_examples,
    )

    data = Path(args.data)
    raw = sorted((data / "raw").glob("*.jsonl"))
    examples = [e for path in raw for e in read_examples(path)]
    if (data / "behaviour").is_dir():  # the suite is never trained on, nor anything close to it
        from stance.classifier.behaviour import read_suite

        examples, dropped = without_near_duplicates(examples, [item.text for item in read_suite(data / "behaviour")])
        if dropped:
            print(f"left out {len(dropped)} statements that (nearly) repeat a behaviour-suite item (with their pair partners)")
    existing = {name: data / f"{name}.jsonl" for name in SPLITS}
    if args.reshuffle or not all(path.exists() for path in existing.values()):
        splits = make_splits(examples, seed=args.seed)
    else:
        current = {name: read_examples(path) for name, path in existing.items()}
        splits = extend_splits(current, examples, seed=args.seed)
        before = {e.text for items in current.values() for e in items}
        added = {name: sum(e.text not in before for e in splits[name]) for name in SPLITS}
        print("kept every statement in its split; new: " + ", ".join(f"{n} {added[n]}" for n in SPLITS))
    for name in SPLITS:
        write_examples(Path(args.data) / f"{name}.jsonl", splits[name])
    print(f"{len(examples)} statements -> " + ", ".join(f"{n} {len(splits[n])}" for n in SPLITS))
    for a, b in (("train", "dev"), ("train", "test"), ("dev", "test")):
        pairs = near_duplicate_pairs([e.text for e in splits[a]], [e.text for e in splits[b]])
        print(f"near-duplicates (word 4-gram Jaccard >= 0.5) between {a} and {b}: {len(pairs)}")


def cmd_train(args) -> None:
    from stance.classifier.train import describe, train

    splits = _load_splits(Path(args.data))
    if args.with_corrections:
        from stance.classifier.behaviour import read_suite
        from stance.exports import corrections_for_training
        from stance.store import Store

        suite = Path(args.data) / "behaviour"
        held_out = [e.text for items in splits.values() for e in items] + ([i.text for i in read_suite(suite)] if suite.is_dir() else [])
        added, skipped = corrections_for_training(Store(database_url()), held_out)
        print(f"analyst labels: {len(added)} added to train, {skipped} skipped (already in a split or the behaviour suite)", file=sys.stderr)
        splits["train"] = splits["train"] + added
    out = Path(args.out)
    print(f"training '{args.approach}' on {len(splits['train'])} statements, choosing on {len(splits['dev'])} dev statements", file=sys.stderr)
    result = train(splits["train"], splits["dev"], args.approach, out, seed=args.seed, log=lambda m: print(m, file=sys.stderr), epochs=args.epochs,
                   rank=args.lora_rank)
    print(describe(result))
    print(result.dev.as_text(), file=sys.stderr)
    print(f"saved to {out}", file=sys.stderr)


def cmd_evaluate(args) -> None:
    from stance.classifier.data import read_examples
    from stance.classifier.evaluate import evaluate, hard_case_text
    from stance.classifier.model import StanceClassifier

    classifier = StanceClassifier.load(Path(args.model) if args.model else model_dir())
    if args.behaviour:
        from stance.classifier.behaviour import read_suite, run_suite, suite_text

        try:
            items = read_suite(Path(args.behaviour))
        except (OSError, ValueError) as error:
            _fail(str(error))
        results = run_suite(items, [p.label for p in classifier.predict([i.text for i in items])])
        print(f"model {classifier.version} ({classifier.precision}) on the behaviour suite in {args.behaviour}")
        print(suite_text(results, show_failures=args.show_failures))
        return
    if args.file:
        examples, name = read_examples(Path(args.file)), Path(args.file).name
    else:
        examples, name = _load_splits(Path(args.data))[args.split], f"the {args.split} split"
    if args.clear_only:
        examples = [e for e in examples if e.confidence != "ambiguous"]
        name += " (clear items only)"
    result, by_case, abstention = evaluate(classifier, examples)
    print(f"model {classifier.version} ({classifier.precision}) on {name}: {len(examples)} statements")
    print(result.as_text())
    print(abstention.as_text())
    print()
    print(hard_case_text(by_case))


def cmd_audit(args) -> None:
    from stance.classifier.audit import audit_text, lexical_audit

    splits = _load_splits(Path(args.data))
    rows = lexical_audit(splits[args.split])
    print(f"topic words in the {args.split} split ({len(splits[args.split])} statements): no label may hold more than half")
    print(audit_text(rows))
    if not all(row.ok for row in rows):
        sys.exit(1)


def cmd_classify(args) -> None:
    from stance.classifier.model import StanceClassifier

    handle = sys.stdin if args.file in (None, "-") else open(args.file, encoding="utf-8")
    texts = []
    with handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.lstrip().startswith("{"):
                try:
                    texts.append(str(json.loads(line)["text"]))
                except (json.JSONDecodeError, KeyError, TypeError):
                    _fail(f"line {number} is not a JSON object with a 'text' field.")
            else:
                texts.append(line)
    classifier = StanceClassifier.load(model_dir())
    for start in range(0, len(texts), 256):
        chunk = texts[start : start + 256]
        for text, p in zip(chunk, classifier.predict(chunk)):
            print(json.dumps({"text": text, "label": p.label, "score": round(p.score, 4), "probabilities": p.probabilities,
                              "uncertain": p.uncertain, "model_version": classifier.version}, ensure_ascii=False))


def cmd_rescore(args) -> None:
    from stance.classifier.model import StanceClassifier
    from stance.store import Store

    store = Store()
    classifier = StanceClassifier.load(Path(args.model) if args.model else model_dir())
    frame = store.statements()
    frame = frame[frame["model_version"] != classifier.version]
    ids, texts = frame["statement_id"].tolist(), frame["text"].tolist()
    added = store.add_scores(list(zip(ids, classifier.predict(texts))), classifier.version)
    print(f"{added} statements scored with {classifier.version}; earlier scores and corrections kept")


def cmd_seed(args) -> None:
    """Load the sample articles into an empty store, so a first start shows a timeline."""
    from stance.pipeline import Pipeline
    from stance.store import Store

    store = Store()
    if store.counts()["articles"] and not args.force:
        print(f"store already holds {store.counts()['articles']} articles; samples not loaded")
        return
    outcomes = Pipeline.load().ingest_paths(store, _files([str(SAMPLE_DIR)]))
    stored = sum(o.status == "stored" for o in outcomes)
    print(f"loaded {stored} sample articles into {_shown_url()}")


def cmd_dashboard(args) -> None:
    if not args.no_samples:
        cmd_seed(argparse.Namespace(force=False))
    print(f"Stance Tracker on http://localhost:{args.port}")
    raise SystemExit(subprocess.call(dashboard_command(args.port), env=os.environ.copy()))


def dashboard_command(port: int) -> list[str]:
    """How the dashboard is served; the browser test starts it the same way."""
    app = PROJECT_DIR / "dashboard" / "app.py"
    return [
        sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",  # no "Deploy" button or developer menu on a shared screen
    ]


def cmd_actors(args) -> None:
    from stance.store import Store

    store = Store()
    if args.action == "list":
        frame = store.actors()
        for row in frame.itertuples():
            flag = "" if row.reviewed else "  (unreviewed)"
            print(f"{row.statements:5}  {row.name}  [{row.kind}{', ' + row.affiliation if row.affiliation else ''}]{flag}")
        for merge in store.merges():
            if not merge["undone"]:
                print(f"merge {merge['id']}: {merge['source']} -> {merge['target']} by {merge['analyst']}")
    elif args.action == "rename":
        store.rename_actor(args.names[0], args.names[1])
        print(f"renamed {args.names[0]} -> {args.names[1]}")
    elif args.action == "merge":
        merge_id = store.merge_actors(args.names[0], args.names[1], analyst=args.analyst)
        print(f"merged {args.names[0]} into {args.names[1]} (undo with: stance actors undo-merge {merge_id})")
    elif args.action == "undo-merge":
        store.undo_merge(int(args.names[0]))
        print(f"merge {args.names[0]} undone")
    elif args.action == "set":
        reviewed = {"yes": True, "no": False}.get(args.reviewed) if args.reviewed else None
        store.update_actor(args.names[0], kind=args.kind, affiliation=args.affiliation, reviewed=reviewed)
        print(f"updated {args.names[0]}")


def cmd_evaluate_attribution(args) -> None:
    from stance.attribution.evaluate import is_realnews, run, run_realnews

    if is_realnews(Path(args.gold)):
        run_realnews(Path(args.gold), _read_as_upload, verbose=args.verbose)
    else:
        run(Path(args.gold), verbose=args.verbose)


def _read_as_upload(name: str, text: str):
    """Text read as an uploaded .txt file is."""
    from stance.ingest import load_bytes

    result = load_bytes(name, text.encode("utf-8"))[0]
    if result.article is None:
        raise ValueError(f"{name} {result.error}")
    return result.article


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stance", description="Actor-level stance toward peace talks, from news articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="analyse and store files or folders")
    p.add_argument("paths", nargs="+")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--batch-size", type=_positive_int, default=None, metavar="N",
        help="articles analysed and stored together (default 32); smaller holds less in memory, larger feeds the classifier fuller batches",
    )
    p.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help="publication date of every article given (wins over a date in the file)")
    p.add_argument("--title", help="title of the one article given (wins over the file's)")
    p.add_argument("--source", help="source (outlet) of every article given (wins over the file's)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("analyze", help="analyse one file and print the result; stores nothing")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("export", help="write the stored statements as CSV, or corrections as training data")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--csv", action="store_true", help="statements table as CSV (the default)")
    group.add_argument("--corrections", action="store_true", help="analyst corrections as JSONL training data")
    group.add_argument("--all", action="store_true", help="the whole store as JSONL, for backup or moving (see `stance import`)")
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="restore a `stance export --all` file into an empty store")
    p.add_argument("file")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("db", help="database maintenance: `stance db upgrade` migrates to the newest schema")
    p.add_argument("action", choices=["upgrade"])
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("splits", help="place new statements from data/stance/raw into the fixed train/dev/test splits")
    p.add_argument("--data", default=str(STANCE_DATA))
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--reshuffle", action="store_true", help="redo every split from scratch (old test figures stop being comparable)")
    p.set_defaults(func=cmd_splits)

    p = sub.add_parser("train", help="train the stance classifier on the train split, choose on dev")
    p.add_argument("--approach", choices=["head", "lora"], default="lora")
    p.add_argument("--data", default=str(STANCE_DATA))
    p.add_argument("--out", default=str(SHIPPED_MODEL_DIR))
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--epochs", type=_positive_int, help="length of the training schedule in epochs (default: head 300, lora 9); the best epoch on dev is kept")
    p.add_argument("--lora-rank", type=_positive_int, default=8, help="LoRA rank on every linear layer (alpha = 2 x rank; default 8)")
    p.add_argument("--with-corrections", action="store_true",
                   help="add the store's confirmed and corrected labels to train (deduplicated against every split and the behaviour suite)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="macro-F1, confusion matrix and accuracy per hard case on a held-out split")
    p.add_argument("--split", choices=["dev", "test"], default="test")
    p.add_argument("--file", help="any labelled JSONL instead of a split, e.g. data/stance/challenge/challenge.jsonl")
    p.add_argument("--clear-only", action="store_true", help="skip items whose 'confidence' is 'ambiguous' (the real-copy set marks them)")
    p.add_argument("--behaviour", nargs="?", const=str(STANCE_DATA / "behaviour"), metavar="DIR",
                   help="pass rate per capability on the behaviour suite (default data/stance/behaviour)")
    p.add_argument("--show-failures", type=int, default=0, metavar="N", help="with --behaviour: list up to N failed items per capability")
    p.add_argument("--data", default=str(STANCE_DATA))
    p.add_argument("--model", help="a model folder instead of $STANCE_MODEL_DIR or the shipped weights")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("audit", help="lexical audit: no topic word (ceasefire, deal, talks...) may decide the label; exits 1 if one does")
    p.add_argument("--split", choices=["train", "dev", "test"], default="train")
    p.add_argument("--data", default=str(STANCE_DATA))
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("actors", help="list, rename, merge (and undo), or set kind/affiliation/reviewed")
    p.add_argument("action", choices=["list", "rename", "merge", "undo-merge", "set"])
    p.add_argument("names", nargs="*", help="rename OLD NEW | merge SOURCE TARGET | undo-merge ID | set NAME")
    p.add_argument("--kind", choices=["person", "government", "organisation", "commentator"])
    p.add_argument("--affiliation")
    p.add_argument("--reviewed", choices=["yes", "no"])
    p.add_argument("--analyst", default=os.environ.get("USER", "analyst"))
    p.set_defaults(func=cmd_actors)

    p = sub.add_parser("evaluate-attribution", help="speaker attribution precision, recall and F1 on the gold set")
    p.add_argument(
        "--gold", default=str(DATA_DIR / "attribution"),
        help="a folder of gold JSON files (data/attribution, data/attribution/heldout), or a realnews folder "
        "(statements.jsonl + articles.jsonl, e.g. ../shared/realnews: also reports date accuracy)",
    )
    p.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    p.set_defaults(func=cmd_evaluate_attribution)

    p = sub.add_parser("classify", help="classify statements (one per line, or JSONL with 'text'); writes JSONL")
    p.add_argument("file", nargs="?")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("rescore", help="score stored statements with the current model; old scores stay")
    p.add_argument("--model")
    p.set_defaults(func=cmd_rescore)

    p = sub.add_parser("seed", help="load the sample articles into an empty store")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser("dashboard", help="start the dashboard (loads the samples into an empty store first)")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--no-samples", action="store_true")
    p.set_defaults(func=cmd_dashboard)
    return parser


_ARITY = {"rename": 2, "merge": 2, "undo-merge": 1, "set": 1, "list": 0}


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    if args.command == "actors" and len(args.names) != _ARITY[args.action]:
        _fail(f"`stance actors {args.action}` takes {_ARITY[args.action]} name(s); see `stance actors --help`.")
    try:
        args.func(args)
    except (FileNotFoundError, RuntimeError, ValueError, LookupError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted", 130)


if __name__ == "__main__":
    main()
