"""`stance` command line: a thin face over the library; library errors become clean messages."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, timedelta
from itertools import chain
from pathlib import Path
from typing import NoReturn

from stance import __version__
from stance.config import DATA_DIR, IN_CHECKOUT, PROJECT_DIR, SHIPPED_MODEL_DIR, database_url, model_dir

STANCE_DATA = DATA_DIR / "stance"


def _print_json(payload) -> None:
    """One JSON document on standard output; dates and other values JSON lacks are written as text."""
    print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def _fail(message: str, code: int = 1) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _files(paths: list[str]) -> list[Path]:
    """Files as given, and every file inside given folders (sorted, hidden files skipped)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
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


def cmd_ingest(args) -> None:
    """Stream files and JSONL feeds into the store in batches; a rerun after a kill skips what is stored.

    With --date, --title or --source, each file is read whole, as an upload is, and what was typed wins over the file.
    """
    from tqdm import tqdm

    from stance import bulk
    from stance.cli_accounts import acting_store
    from stance.fetch import is_web_address, load_url
    from stance.pipeline import Outcome, Pipeline
    from stance.store.errors import StoreUnavailable

    urls = [raw.strip() for raw in args.paths if is_web_address(raw)]
    files = _files([raw for raw in args.paths if not is_web_address(raw)])
    if not files and not urls:
        _fail("no files found to ingest.")
    given = {
        key: value
        for key, value in (("published", args.date), ("title", args.title), ("source", args.source))
        if value is not None
    }
    if args.title is not None and len(files) + len(urls) != 1:
        _fail(
            f"--title names one article, but {len(files) + len(urls)} files or URLs were given. "
            "Give one with it (--date and --source apply to several)."
        )
    store = acting_store(args)  # refused before any model loads when the account may not add articles
    store.require("article.ingest")
    pipeline = bulk.LazyPipeline(Pipeline.load)  # loaded only if some article is new
    fetched = (
        o for url in urls for o in bulk.ingest_batch(pipeline, store, [load_url(url, **given)])
    )  # one page at a time
    from_files: Iterator[Outcome]
    if given:
        from_files = (o for path in files for o in bulk.ingest_batch(pipeline, store, _read_as_given(path, given)))
    else:
        from_files = bulk.ingest(pipeline, store, files, batch_size=args.batch_size or bulk.DEFAULT_BATCH_SIZE)
    counts = {"stored": 0, "duplicate": 0, "rejected": 0}
    skipped = 0  # stored but not analysed: not in English
    outcomes: list[dict] = []  # for --json
    started = time.perf_counter()
    unreachable = None
    with tqdm(total=len(urls) + bulk.count_articles(files), unit="article", file=sys.stderr, disable=args.quiet) as bar:
        try:
            for outcome in chain(fetched, from_files):
                if args.date and outcome.status == "duplicate":
                    outcome = _date_if_undated(store, outcome, args.date)
                counts[outcome.status] += 1
                skipped += outcome.status == "stored" and outcome.message.startswith("not analysed")
                if args.json:
                    outcomes.append(
                        {
                            "status": outcome.status,
                            "name": outcome.name,
                            "message": outcome.message,
                            "article_id": outcome.article_id,
                            "statements": outcome.statements,
                        }
                    )
                else:
                    tqdm.write(f"{outcome.status:9} {outcome.name}: {outcome.message}", file=sys.stdout)
                bar.update(1)
        except StoreUnavailable as error:  # stop: every later article would fail the same way
            unreachable = error
    if unreachable is not None:
        print(f"error: {unreachable}", file=sys.stderr)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        done = sum(counts.values())
        print(f"{done} articles in {elapsed:.1f} s ({done / max(elapsed, 1e-9):.1f} articles/s)", file=sys.stderr)
    code = ingest_exit_code(counts, fatal=unreachable is not None)
    if args.json:
        _print_json(
            {
                **counts,
                "not_analysed": skipped,
                "database": _shown_url(),
                "error": None if unreachable is None else str(unreachable),
                "exit_code": code,
                "outcomes": outcomes,
            }
        )
    else:
        not_english = f" ({skipped} not analysed: not in English)" if skipped else ""
        print(
            f"{counts['stored']} stored, {counts['duplicate']} duplicate, {counts['rejected']} rejected -> {_shown_url()}{not_english}"
        )
    if code:
        raise SystemExit(code)


EXIT_CODES = """\
exit codes:
  0  every file or URL was handled: stored, or already stored (duplicate); an article not in English is stored
     unanalysed, which counts as handled
  1  a failure: a bad argument or a fatal error (e.g. the store became unreachable), or nothing could be stored
     (every item rejected)
  2  the command line could not be parsed
  3  `stance ingest` only: some files or URLs were rejected, the others were stored (their lines say why)
  141  the output was cut short by a closed pipe (e.g. `stance actors list | head -1`); stopped quietly"""


def ingest_exit_code(counts: dict[str, int], fatal: bool = False) -> int:
    """0 all handled (stored or duplicate), 3 some rejected but others handled, 1 nothing handled or a fatal error."""
    handled = counts["stored"] + counts["duplicate"]
    if fatal or (counts["rejected"] and not handled):
        return 1
    return 3 if counts["rejected"] else 0


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
        _fail(
            f"--title names one article, but {path.name} holds {len(results)}. Leave --title out, or give their titles in the file."
        )
    return results


def _shown_url() -> str:
    url = database_url()
    return url.split("@")[-1] if "@" in url else url


def cmd_analyze(args) -> None:
    """Analyse one file or page. An article not in English is not analysed: that is an error (exit 1), never an empty result."""
    from stance.fetch import complete, is_web_address, load_url
    from stance.ingest import load_path
    from stance.pipeline import Pipeline, analysis_json, not_analysed

    results = [load_url(args.file.strip())] if is_web_address(args.file) else list(complete(load_path(Path(args.file))))
    first = results[0]
    if first.article is None:
        _fail(f"{first.name} {first.error}")
    if not_analysed(first.article):
        _fail(f"{first.name}: {not_analysed(first.article)}. Stance Tracker analyses English articles only.")
    pipeline = Pipeline.load()
    start = time.perf_counter()
    analysis = pipeline.analyze(first.article)
    elapsed = time.perf_counter() - start
    payload = analysis_json(analysis)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    article = payload["article"]
    print(
        f"{article['title']}\n{article['source'] or 'unknown source'}, {article['date'] or 'undated'} (date from {article['date_source']})"
    )
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
            from stance.csv_safe import write_csv

            write_csv(store.statements(), out)  # the dashboard's columns, formula cells made inert
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


def _need_data(folder: Path) -> Path:
    """A folder of labelled data (train, evaluate, splits, audit, evaluate-attribution read one); those live in
    the checkout's data/, which the installed package does not carry."""
    if not folder.exists():
        elsewhere = (
            ""
            if IN_CHECKOUT
            else (
                " The labelled data comes with a checkout of the project (its data/ folder), not with the installed package:"
                " run this from a checkout, or name the folder (see the command's --help)."
            )
        )
        _fail(f"{folder} does not exist.{elsewhere}")
    return folder


def _load_splits(folder: Path):
    from stance.classifier.data import SPLITS, read_examples

    _need_data(folder)
    missing = [s for s in SPLITS if not (folder / f"{s}.jsonl").exists()]
    if missing:
        _fail(f"{folder} lacks {', '.join(m + '.jsonl' for m in missing)}. Run `stance splits` first.")
    return {s: read_examples(folder / f"{s}.jsonl") for s in SPLITS}


def cmd_splits(args) -> None:
    from stance.classifier.data import (
        SPLITS,
        extend_splits,
        make_splits,
        near_duplicate_pairs,
        read_examples,
        without_near_duplicates,
        write_examples,
    )

    data = _need_data(Path(args.data))
    raw = sorted((data / "raw").glob("*.jsonl"))
    examples = [e for path in raw for e in read_examples(path)]
    said: dict = {}
    if (data / "behaviour").is_dir():  # the suite is never trained on, nor anything close to it
        from stance.classifier.behaviour import read_suite

        examples, dropped = without_near_duplicates(examples, [item.text for item in read_suite(data / "behaviour")])
        said["left_out_near_suite"] = len(dropped)
    existing = {name: data / f"{name}.jsonl" for name in SPLITS}
    if args.reshuffle or not all(path.exists() for path in existing.values()):
        splits = make_splits(examples, seed=args.seed)
    else:
        current = {name: read_examples(path) for name, path in existing.items()}
        splits = extend_splits(current, examples, seed=args.seed)
        before = {e.text for items in current.values() for e in items}
        said["new"] = {name: sum(e.text not in before for e in splits[name]) for name in SPLITS}
    for name in SPLITS:
        write_examples(Path(args.data) / f"{name}.jsonl", splits[name])
    said["statements"] = len(examples)
    said["splits"] = {name: len(splits[name]) for name in SPLITS}
    said["near_duplicates"] = {
        f"{a}-{b}": len(near_duplicate_pairs([e.text for e in splits[a]], [e.text for e in splits[b]]))
        for a, b in (("train", "dev"), ("train", "test"), ("dev", "test"))
    }
    if args.json:
        _print_json(said)
        return
    if said.get("left_out_near_suite"):
        print(
            f"left out {said['left_out_near_suite']} statements that (nearly) repeat a behaviour-suite item "
            "(with their pair partners)"
        )
    if "new" in said:
        print("kept every statement in its split; new: " + ", ".join(f"{n} {c}" for n, c in said["new"].items()))
    print(f"{len(examples)} statements -> " + ", ".join(f"{n} {c}" for n, c in said["splits"].items()))
    for pair, count in said["near_duplicates"].items():
        a, b = pair.split("-")
        print(f"near-duplicates (word 4-gram Jaccard >= 0.5) between {a} and {b}: {count}")


def cmd_train(args) -> None:
    from stance.classifier.train import describe, train

    splits = _load_splits(Path(args.data))
    if args.with_corrections:
        from stance.classifier.behaviour import read_suite
        from stance.exports import corrections_for_training
        from stance.store import Store

        suite = Path(args.data) / "behaviour"
        held_out = [e.text for items in splits.values() for e in items] + (
            [i.text for i in read_suite(suite)] if suite.is_dir() else []
        )
        added, skipped = corrections_for_training(Store(database_url()), held_out)
        print(
            f"analyst labels: {len(added)} added to train, {skipped} skipped (already in a split or the behaviour suite)",
            file=sys.stderr,
        )
        splits["train"] = splits["train"] + added
    out = Path(args.out)
    print(
        f"training '{args.approach}' on {len(splits['train'])} statements, choosing on {len(splits['dev'])} dev statements",
        file=sys.stderr,
    )
    result = train(
        splits["train"],
        splits["dev"],
        args.approach,
        out,
        seed=args.seed,
        log=lambda m: print(m, file=sys.stderr),
        epochs=args.epochs,
        rank=args.lora_rank,
        teacher=Path(args.teacher) if args.teacher else None,
    )
    print(describe(result))
    print(result.dev.as_text(), file=sys.stderr)
    print(f"saved to {out}", file=sys.stderr)


def cmd_ensemble(args) -> None:
    """Combine trained models into one folder whose probabilities are their mean; threshold chosen on dev."""
    from stance.classifier.ensemble import build

    members = [Path(m) for m in args.models]
    for member in members:
        if not (member / "stance_config.json").exists():
            _fail(f"{member} holds no trained model (stance_config.json missing). Train one with `stance train --out`.")
        if "members" in json.loads((member / "stance_config.json").read_text()):
            _fail(f"{member} is an ensemble already: give the folders of its members instead.")
    dev = _load_splits(Path(args.data))["dev"]
    ensemble = build(members, [e.text for e in dev], [e.label for e in dev], Path(args.out))
    summary = {
        "version": ensemble.version,
        "members": ensemble.config["member_versions"],
        "dev_macro_f1": ensemble.config["dev_macro_f1"],
        "abstain_below": ensemble.abstain_below,
    }
    print(json.dumps(summary))
    print(f"saved to {args.out}", file=sys.stderr)


def cmd_evaluate(args) -> None:
    from stance.classifier.data import read_examples
    from stance.classifier.evaluate import evaluate, hard_case_text
    from stance.classifier.loading import load_classifier

    classifier = load_classifier(Path(args.model) if args.model else model_dir())
    if args.behaviour:
        from stance.classifier.behaviour import read_suite, run_suite, suite_text

        try:
            items = read_suite(_need_data(Path(args.behaviour)))
        except (OSError, ValueError) as error:
            _fail(str(error))
        results = run_suite(items, [p.label for p in classifier.predict([i.text for i in items])])
        if args.json:
            _print_json(
                {
                    "model_version": classifier.version,
                    "suite": str(args.behaviour),
                    "capabilities": [
                        {
                            "capability": r.capability,
                            "type": r.type,
                            "passed": r.passed,
                            "total": r.total,
                            "rate": r.rate,
                            "failures": [
                                {"id": item.id, "text": item.text, "label": item.label, "predicted": got}
                                for item, got in r.failures[: args.show_failures]
                            ],
                        }
                        for r in results
                    ],
                }
            )
            return
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
    if args.json:
        from dataclasses import asdict

        _print_json(
            {
                "model_version": classifier.version,
                "on": name,
                "statements": len(examples),
                **asdict(result),
                "abstention": asdict(abstention),
                "by_case": {tag: {"correct": right, "total": total} for tag, (right, total) in by_case.items()},
            }
        )
        return
    print(f"model {classifier.version} ({classifier.precision}) on {name}: {len(examples)} statements")
    print(result.as_text())
    print(abstention.as_text())
    print()
    print(hard_case_text(by_case))


def cmd_audit(args) -> None:
    from stance.classifier.audit import lexical_audit

    splits = _load_splits(Path(args.data))
    rows = lexical_audit(splits[args.split])
    if args.json:
        _print_json(
            {
                "split": args.split,
                "statements": len(splits[args.split]),
                "terms": [
                    {"term": r.term, "counts": r.counts, "top_share": r.top_share, "checked": r.checked, "ok": r.ok}
                    for r in rows
                ],
                "ok": all(row.ok for row in rows),
            }
        )
    else:
        _print_audit(args.split, len(splits[args.split]), rows)
    if not all(row.ok for row in rows):
        sys.exit(1)


def _print_audit(split: str, count: int, rows) -> None:
    from stance.classifier.audit import audit_text

    print(f"topic words in the {split} split ({count} statements): no label may hold more than half")
    print(audit_text(rows))


def cmd_classify(args) -> None:
    from stance.classifier.loading import load_classifier

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
    classifier = load_classifier(model_dir())
    for start in range(0, len(texts), 256):
        chunk = texts[start : start + 256]
        for text, p in zip(chunk, classifier.predict(chunk)):
            print(
                json.dumps(
                    {
                        "text": text,
                        "label": p.label,
                        "score": round(p.score, 4),
                        "probabilities": p.probabilities,
                        "uncertain": p.uncertain,
                        "model_version": classifier.version,
                    },
                    ensure_ascii=False,
                )
            )


def cmd_rescore(args) -> None:
    from stance.classifier.loading import load_classifier
    from stance.cli_accounts import acting_store

    store = acting_store(args)
    store.require("store.rescore")
    classifier = load_classifier(Path(args.model) if args.model else model_dir())
    frame = store.statements()
    frame = frame[frame["model_version"] != classifier.version]
    ids, texts = frame["statement_id"].tolist(), frame["text"].tolist()
    added = store.add_scores(list(zip(ids, classifier.predict(texts))), classifier.version)
    print(f"{added} statements scored with {classifier.version}; earlier scores and corrections kept")


def cmd_seed(args) -> None:
    """Load the sample articles into an empty store, so a first start shows a timeline; one progress line per article on stderr."""
    from stance.cli_accounts import acting_store
    from stance.pipeline import Pipeline
    from stance.samples import load_samples, needs_samples, sample_paths

    store = acting_store(args)
    if not needs_samples(store) and not args.force:
        print(f"store already holds {store.counts()['articles']} articles; samples not loaded")
        return
    print(
        f"Loading the language and stance models for the {len(sample_paths())} sample articles...",
        file=sys.stderr,
        flush=True,
    )
    outcomes = load_samples(store, Pipeline.load(), progress=lambda p: print(p.line(), file=sys.stderr, flush=True))
    stored = sum(o.status == "stored" for o in outcomes)
    print(f"loaded {stored} sample articles into {_shown_url()}")


def cmd_dashboard(args) -> None:
    """Serve the dashboard at once; on an empty store the server loads the samples, with progress on the page and here.

    It listens on this machine only (127.0.0.1) unless --host says otherwise, and it refuses another
    address while nobody has to sign in (no accounts, no single sign-on): anyone who could reach
    the port could change the store. --insecure-no-auth overrides that, for a closed network.
    """
    import importlib.util

    from stance.auth.exposure import is_local_address, sign_in_required
    from stance.store import Store, accounts

    missing = [name for name in ("streamlit", "altair", "vl_convert") if importlib.util.find_spec(name) is None]
    if missing:
        _fail(
            f"the dashboard needs {', '.join(missing)}, which are not installed. Install them with: pip install 'stance-tracker[dashboard]'"
        )
    if not is_local_address(args.host) and not args.insecure_no_auth:
        required, how = sign_in_required(accounts.has_users(Store().db))
        if not required:
            _fail(
                f"refusing to listen on {args.host}: nobody has to sign in, so anyone who reaches the port could change the store. "
                "Add an admin first (`stance users add NAME --role admin`) or set up single sign-on (README: Deploying for a team); "
                "or keep the default (this machine only); or, on a network you trust, add --insecure-no-auth."
            )
        print(f"Sign-in: {how}", flush=True)
    shown = "localhost" if is_local_address(args.host) else args.host
    print(f"Stance Tracker on http://{shown}:{args.port}", flush=True)
    raise SystemExit(
        subprocess.call(
            dashboard_command(args.port, samples=not args.no_samples, host=args.host), env=os.environ.copy()
        )
    )


def dashboard_command(port: int, samples: bool = False, host: str = "127.0.0.1") -> list[str]:
    """How the dashboard is served; the browser test starts it the same way. dashboard/serve.py starts
    loading the models as the server starts (and, with `samples`, the sample articles into an empty store)."""
    serve = PROJECT_DIR / "dashboard" / "serve.py"
    return [
        sys.executable,
        str(serve),
        *(["--samples"] if samples else []),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.address",
        host,
        "--server.enableXsrfProtection",
        "true",  # Streamlit's default, said out loud: a form post from another site is refused
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",  # no "Deploy" button or developer menu on a shared screen
    ]


def cmd_actors(args) -> None:
    from stance.cli_accounts import acting_store
    from stance.store import Store

    store = Store() if args.action == "list" else acting_store(args)
    if args.action == "list":
        frame = store.actors()
        if args.json:
            _print_json(
                {
                    "actors": [
                        {
                            "id": int(row.id),
                            "name": row.name,
                            "kind": row.kind,
                            "affiliation": row.affiliation,
                            "reviewed": bool(row.reviewed),
                            "statements": int(row.statements),
                        }
                        for row in frame.itertuples()
                    ],
                    "merges": [m for m in store.merges() if not m["undone"]],
                    "renames": [r for r in store.renames() if not r["undone"]],
                }
            )
            return
        for row in frame.itertuples():
            flag = "" if row.reviewed else "  (unreviewed)"
            print(
                f"{row.statements:5}  {row.name}  [{row.kind}{', ' + row.affiliation if row.affiliation else ''}]{flag}"
            )
        for merge in store.merges():
            if not merge["undone"]:
                print(f"merge {merge['id']}: {merge['source']} -> {merge['target']} by {merge['analyst']}")
        for rename in store.renames():
            if not rename["undone"]:
                print(f"rename {rename['id']}: {rename['old_name']} -> {rename['new_name']} by {rename['analyst']}")
    elif args.action == "rename":
        rename_id = store.rename_actor(args.names[0], args.names[1], analyst=args.analyst)
        print(f"renamed {args.names[0]} -> {args.names[1]} (undo with: stance actors undo-rename {rename_id})")
    elif args.action == "undo-rename":
        store.undo_rename(_whole_number(args.names[0], "rename id"))
        print(f"rename {args.names[0]} undone")
    elif args.action == "merge":
        merge_id = store.merge_actors(args.names[0], args.names[1], analyst=args.analyst)
        print(f"merged {args.names[0]} into {args.names[1]} (undo with: stance actors undo-merge {merge_id})")
    elif args.action == "undo-merge":
        store.undo_merge(_whole_number(args.names[0], "merge id"))
        print(f"merge {args.names[0]} undone")
    elif args.action == "set":
        reviewed = {"yes": True, "no": False}.get(args.reviewed) if args.reviewed else None
        store.update_actor(args.names[0], kind=args.kind, affiliation=args.affiliation, reviewed=reviewed)
        print(f"updated {args.names[0]}")


def _whole_number(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"The {what} must be a whole number (see `stance actors list`), not {text!r}.") from None


def cmd_evaluate_attribution(args) -> None:
    from stance.attribution.evaluate import run
    from stance.attribution.evaluate_realnews import is_realnews, run_realnews

    _need_data(Path(args.gold))
    if is_realnews(Path(args.gold)):
        summary = run_realnews(Path(args.gold), _read_as_upload, verbose=args.verbose, quiet=args.json)
    else:
        summary = run(Path(args.gold), verbose=args.verbose, quiet=args.json)
    if args.json:
        _print_json(summary)


def _read_as_upload(name: str, text: str):
    """Text read as an uploaded .txt file is."""
    from stance.ingest import load_bytes

    result = load_bytes(name, text.encode("utf-8"))[0]
    if result.article is None:
        raise ValueError(f"{name} {result.error}")
    return result.article


def cmd_alerts(args) -> None:
    """`stance alerts add | list | remove | check | fired`: rules on stance shifts, kept in the store (stance.alerts)."""
    from stance import alerts
    from stance.cli_accounts import acting_store
    from stance.store import Store

    store = acting_store(args) if args.action in ("add", "remove") else Store()
    if args.action == "add":
        condition, threshold = _alert_condition(args)
        rule = alerts.Rule(
            name=args.name,
            condition=condition,
            threshold=threshold,
            days=args.days,
            min_points=args.min_points,
            actors=tuple(args.actor or ()),
            kind=args.kind,
            conflict=args.conflict,
            webhook=args.webhook,
            emails=tuple(args.email or ()),
            cooldown_hours=args.cooldown_hours,
            owner=store.by.name if store.by else args.owner,
        )
        rule_id = alerts.add_rule(store, rule)
        print(f"alert rule {rule_id} added: {_rule_line(alerts.rules(store), rule_id)}")
    elif args.action == "list":
        found = alerts.rules(store)
        if args.json:
            print(json.dumps([r.summary() for r in found], ensure_ascii=False, indent=2))
        elif not found:
            print("no alert rules yet; add one with `stance alerts add --help`")
        for rule in [] if args.json else found:
            print(f"{rule.id:4}  {_rule_line(found, rule.id)}")
    elif args.action == "remove":
        alerts.remove_rule(store, args.id)
        print(f"alert rule {args.id} removed, with the alerts it fired")
    elif args.action == "check":
        sent = alerts.check(store)
        if args.json:
            _print_json(
                [
                    {"id": a.id, "rule": a.rule.name, "payload": a.payload, "delivery": a.delivery, "error": a.error}
                    for a in sent
                ]
            )
            return
        for alert in sent:
            print(f"fired  {alert.rule.name}: {alert.payload['headline']}  ({_delivery_line(alert.delivery)})")
        print(f"{len(sent)} alert{'s' if len(sent) != 1 else ''} fired")
    else:
        events = alerts.fired(store, limit=args.limit)
        if args.json:
            print(
                json.dumps(
                    events,
                    ensure_ascii=False,
                    indent=2,
                    default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v),
                )
            )
            return
        if not events:
            print("no alerts fired yet")
        for event in events:
            print(
                f"{event['fired_at']:%Y-%m-%d %H:%M}  #{event['id']}  {event['rule']}: {event['payload']['headline']}  ({_delivery_line(event['delivery'])})"
            )
            print(f"      {event['payload']['link']}")


def _alert_condition(args) -> tuple[str, float | None]:
    chosen = [(name, value) for name, value in (("moved", args.moved), ("strong", args.strong)) if value is not None]
    chosen += [(name, None) for name, flag in (("sign_flip", args.sign_flip), ("new_actor", args.new_actor)) if flag]
    if len(chosen) != 1:
        _fail("give one condition: --moved X, --sign-flip, --new-actor or --strong Y (see `stance alerts add --help`).")
    return chosen[0]


def _rule_line(rules, rule_id: int | None) -> str:
    rule = next(r for r in rules if r.id == rule_id)
    state = "" if rule.enabled else " (paused)"
    return (
        f"{rule.name}{state}: {rule.scope_text()}: {rule.condition_text()} -> {rule.channels_text()}; "
        f"cooldown {rule.cooldown_hours:g} h; by {rule.owner}"
    )


def _delivery_line(delivery: dict) -> str:
    if not delivery:
        return "no channel"
    return "; ".join(
        f"{channel} {d.get('status')}" + (f": {str(d['error']).rstrip('.')}" if d.get("error") else "")
        for channel, d in delivery.items()
    )


def cmd_feeds(args) -> None:
    """`stance feeds add | list | remove`: the RSS and Atom feeds `stance watch` polls (stance.watch)."""
    from stance import watch
    from stance.cli_accounts import acting_store
    from stance.store import Store

    store = Store() if args.action == "list" else acting_store(args)
    if args.action == "add":
        feed = watch.add_feed(store, args.url, conflict=args.conflict)
        filed = f" (conflict {feed.conflict})" if feed.conflict else ""
        print(f"feed {feed.id} added: {feed.url}{filed}; `stance watch` polls it on its next round")
    elif args.action == "list":
        feeds = watch.list_feeds(store)
        if args.json:
            print(json.dumps([feed.as_json() for feed in feeds], ensure_ascii=False, indent=2))
            return
        if not feeds:
            print("no feeds yet; add one with `stance feeds add URL`")
            return
        print(f"{'id':>4}  {'health':8} {'stored':>6}  {'last success':16}  {'next poll':16}  feed")
        for feed in feeds:
            name = f"{feed.title} <{feed.url}>" if feed.title else feed.url
            print(
                f"{feed.id:4}  {feed.health:8} {feed.items_stored:6}  {_when(feed.last_success_at):16}  {_when(feed.next_poll_at):16}  {name}"
            )
            if feed.last_error:
                print(f"{'':6}last error {_when(feed.last_error_at)}: {feed.last_error}")
    else:
        feed = watch.remove_feed(store, args.feed)
        print(f"feed {feed.id} removed: {feed.url}; the {feed.items_stored} articles it brought stay in the store")


def _when(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment else "-"


def cmd_watch(args) -> None:
    """Poll every feed on an interval, storing each new item's article once; --once polls each feed once
    and exits (cron, tests). SIGTERM or Ctrl+C stops it after the item in progress."""
    import signal
    import threading
    from datetime import datetime

    from stance import bulk, watch
    from stance.pipeline import Pipeline
    from stance.store import Store

    store = Store()
    stop = threading.Event()
    received: list[str] = []  # the signals that asked us to stop

    def say(line: str) -> None:
        print(f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} {line}", flush=True)

    def on_signal(number, _frame) -> None:
        stop.set()
        received.append(signal.Signals(number).name)
        # os.write, not print: a print here could land inside another print and raise "reentrant call"
        os.write(sys.stderr.fileno(), f"{received[-1]}: stopping after the item in progress\n".encode())

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    watcher = watch.Watcher(store, bulk.LazyPipeline(Pipeline.load), interval_s=args.interval, stop=stop)
    feeds = watch.list_feeds(store)
    if not feeds:
        say(
            "no feeds to watch yet; add one with `stance feeds add URL`"
            + ("" if args.once else " (checked every 30 s)")
        )
        if args.once:
            return
    mode = "polling each feed once" if args.once else f"polling every {watcher.interval_s} s"
    say(f"watching {len(feeds)} feeds in {_shown_url()}, {mode}")
    results = []

    def report(result) -> None:
        results.append(result.status)
        say(result.line())
        for item in result.items if args.verbose else []:
            say(f"  {item.status:9} {item.name}: {item.message}")

    watcher.run(once=args.once, report=report)
    say(f"stopped ({received[-1]})" if received else "done")
    if args.once and results and all(status == "error" for status in results):
        raise SystemExit(1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stance",
        description="Actor-level stance toward peace talks, from news articles.",
        epilog="examples:\n  stance ingest sample_articles/\n  stance actors list --json\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="NAME",
        help="the account a command acts as once the store has accounts (also $STANCE_USER; password from $STANCE_PASSWORD or asked)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="analyse and store files, folders or web pages (http/https URLs, fetched)")
    p.add_argument(
        "paths", nargs="+", metavar="PATH|URL", help="files, folders (read recursively) or http(s) web pages"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--json",
        action="store_true",
        help="instead of a line per item and a summary, print one JSON document: the counts and every outcome",
    )
    p.add_argument(
        "--batch-size",
        type=_positive_int,
        default=None,
        metavar="N",
        help="articles analysed and stored together (default 32); smaller holds less in memory, larger feeds the classifier fuller batches",
    )
    p.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date of every article given (wins over a date in the file)",
    )
    p.add_argument("--title", help="title of the one article given (wins over the file's)")
    p.add_argument("--source", help="source (outlet) of every article given (wins over the file's)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("analyze", help="analyse one file or web page (URL) and print the result; stores nothing")
    p.add_argument("file", help="a file, or a page's http(s) address")
    p.add_argument("--json", action="store_true", help="print the analysis as JSON (the shape in the README)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("export", help="write the stored statements as CSV, or corrections as training data")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--csv", action="store_true", help="statements table as CSV (the default)")
    group.add_argument("--corrections", action="store_true", help="analyst corrections as JSONL training data")
    group.add_argument(
        "--all", action="store_true", help="the whole store as JSONL, for backup or moving (see `stance import`)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="restore a `stance export --all` file into an empty store")
    p.add_argument("file", help="a file written by `stance export --all`")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("db", help="database maintenance: `stance db upgrade` migrates to the newest schema")
    p.add_argument("action", choices=["upgrade"], help="upgrade: apply every pending schema migration")
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("splits", help="place new statements from data/stance/raw into the fixed train/dev/test splits")
    p.add_argument(
        "--data", default=str(STANCE_DATA), metavar="DIR", help="the labelled data folder (default data/stance)"
    )
    p.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    p.add_argument(
        "--reshuffle",
        action="store_true",
        help="redo every split from scratch (old test figures stop being comparable)",
    )
    p.add_argument("--json", action="store_true", help="print the split sizes and checks as JSON")
    p.set_defaults(func=cmd_splits)

    p = sub.add_parser("train", help="train the stance classifier on the train split, choose on dev")
    p.add_argument(
        "--approach",
        choices=["head", "lora"],
        default="lora",
        help="lora: LoRA adapters on the encoder (default); head: a classifier head on the frozen encoder",
    )
    p.add_argument(
        "--data", default=str(STANCE_DATA), metavar="DIR", help="the labelled data folder (default data/stance)"
    )
    p.add_argument(
        "--out",
        default=str(SHIPPED_MODEL_DIR),
        metavar="DIR",
        help="where the trained model goes (default: the shipped model)",
    )
    p.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    p.add_argument(
        "--epochs",
        type=_positive_int,
        help="length of the training schedule in epochs (default: head 300, lora 9); the best epoch on dev is kept",
    )
    p.add_argument(
        "--lora-rank",
        type=_positive_int,
        default=8,
        help="LoRA rank on every linear layer (alpha = 2 x rank; default 8)",
    )
    p.add_argument(
        "--with-corrections",
        action="store_true",
        help="add the store's confirmed and corrected labels to train (deduplicated against every split and the behaviour suite)",
    )
    p.add_argument(
        "--teacher",
        metavar="MODEL_DIR",
        help="also learn this model's probabilities on train (distillation; an ensemble folder works), "
        "e.g. --teacher models/ensemble",
    )
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("ensemble", help="combine trained models into one whose probabilities are their mean")
    p.add_argument("models", nargs="+", metavar="MODEL_DIR", help="folders written by `stance train --out`")
    p.add_argument("--out", required=True, metavar="DIR", help="where the ensemble goes (replaced if it exists)")
    p.add_argument(
        "--data",
        default=str(STANCE_DATA),
        metavar="DIR",
        help="the labelled data folder whose dev split sets the threshold",
    )
    p.set_defaults(func=cmd_ensemble)

    p = sub.add_parser("evaluate", help="macro-F1, confusion matrix and accuracy per hard case on a held-out split")
    p.add_argument(
        "--split", choices=["dev", "test"], default="test", help="the held-out split to score (default test)"
    )
    p.add_argument("--file", help="any labelled JSONL instead of a split, e.g. data/stance/challenge/challenge.jsonl")
    p.add_argument(
        "--clear-only",
        action="store_true",
        help="skip items whose 'confidence' is 'ambiguous' (the real-copy set marks them)",
    )
    p.add_argument(
        "--behaviour",
        nargs="?",
        const=str(STANCE_DATA / "behaviour"),
        metavar="DIR",
        help="pass rate per capability on the behaviour suite (default data/stance/behaviour)",
    )
    p.add_argument(
        "--show-failures",
        type=int,
        default=0,
        metavar="N",
        help="with --behaviour: list up to N failed items per capability",
    )
    p.add_argument(
        "--data", default=str(STANCE_DATA), metavar="DIR", help="the labelled data folder (default data/stance)"
    )
    p.add_argument("--model", help="a model folder instead of $STANCE_MODEL_DIR or the shipped weights")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser(
        "audit",
        help="lexical audit: no topic word (ceasefire, deal, talks...) may decide the label; exits 1 if one does",
    )
    p.add_argument(
        "--split", choices=["train", "dev", "test"], default="train", help="the split to audit (default train)"
    )
    p.add_argument("--json", action="store_true", help="print the audit as JSON (the exit code is the same)")
    p.add_argument(
        "--data", default=str(STANCE_DATA), metavar="DIR", help="the labelled data folder (default data/stance)"
    )
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("actors", help="list, rename, merge (and undo), or set kind/affiliation/reviewed")
    p.add_argument(
        "action",
        choices=["list", "rename", "undo-rename", "merge", "undo-merge", "set"],
        help="what to do; list prints the actors with their statement counts and the merges and renames in force",
    )
    p.add_argument(
        "names", nargs="*", help="rename OLD NEW | undo-rename ID | merge SOURCE TARGET | undo-merge ID | set NAME"
    )
    p.add_argument(
        "--kind", choices=["person", "government", "organisation", "commentator"], help="with set: the actor's kind"
    )
    p.add_argument("--affiliation", help="with set: the actor's affiliation, e.g. Russia")
    p.add_argument("--reviewed", choices=["yes", "no"], help="with set: mark the actor reviewed or not")
    p.add_argument("--json", action="store_true", help="with list: print the actors, merges and renames as JSON")
    p.add_argument(
        "--analyst",
        default=os.environ.get("USER", "analyst"),
        help="the name recorded with a rename or merge (default $USER)",
    )
    p.set_defaults(func=cmd_actors)

    p = sub.add_parser("evaluate-attribution", help="speaker attribution precision, recall and F1 on the gold set")
    p.add_argument(
        "--gold",
        default=str(DATA_DIR / "attribution"),
        help="a folder of gold JSON files (data/attribution, data/attribution/heldout), or a realnews folder "
        "(statements.jsonl + articles.jsonl, e.g. ../shared/realnews: also reports date accuracy)",
    )
    p.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    p.add_argument("--json", action="store_true", help="print the figures as JSON (precision, recall, F1 per part)")
    p.set_defaults(func=cmd_evaluate_attribution)

    p = sub.add_parser("classify", help="classify statements (one per line, or JSONL with 'text'); writes JSONL")
    p.add_argument("file", nargs="?", help="the statements file; - or none reads standard input")
    p.set_defaults(func=cmd_classify)

    p = sub.add_parser("rescore", help="score stored statements with the current model; old scores stay")
    p.add_argument("--model", metavar="DIR", help="a model folder instead of $STANCE_MODEL_DIR or the shipped weights")
    p.set_defaults(func=cmd_rescore)

    p = sub.add_parser("seed", help="load the sample articles into an empty store")
    p.add_argument("--force", action="store_true", help="load the samples although the store holds articles")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser(
        "dashboard", help="start the dashboard (an empty store gets the sample articles, with progress on the page)"
    )
    p.add_argument("--port", type=int, default=8501, help="the port to listen on (default 8501)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only); another one needs sign-in (README: Deploying for a team)",
    )
    p.add_argument(
        "--insecure-no-auth",
        action="store_true",
        help="listen on a non-local --host although nobody has to sign in (anyone who reaches the port can change the store)",
    )
    p.add_argument("--no-samples", action="store_true", help="leave an empty store empty (no sample articles)")
    p.set_defaults(func=cmd_dashboard)

    p = sub.add_parser("feeds", help="the RSS and Atom feeds `stance watch` polls: add, list (with health), remove")
    actions = p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="watch a feed (http or https)")
    add.add_argument("url", help="the feed's address, starting http:// or https://")
    add.add_argument(
        "--conflict", metavar="NAME", help="file its articles under a conflict of data/actors.yaml, e.g. russia-ukraine"
    )
    listed = actions.add_parser("list", help="the feeds with their health: last success, last error, items stored")
    listed.add_argument("--json", action="store_true", help="print the feeds as JSON")
    remove = actions.add_parser("remove", help="stop watching a feed; its articles stay")
    remove.add_argument("feed", metavar="URL|ID", help="the feed's address or its id in `stance feeds list`")
    p.set_defaults(func=cmd_feeds)

    p = sub.add_parser(
        "watch", help="poll every feed on an interval and store each new item once; run beside the dashboard"
    )
    p.add_argument(
        "--interval",
        type=_positive_int,
        metavar="SECONDS",
        help="between two polls of one feed (default $STANCE_WATCH_INTERVAL_S or 900); failing feeds back off from it",
    )
    p.add_argument(
        "--once",
        action="store_true",
        help="poll every feed once and exit (for cron and tests); feeds backing off are skipped",
    )
    p.add_argument(
        "--verbose",
        action="store_true",
        help="also one line per new item: stored, duplicate, rejected or failed, and why",
    )
    p.set_defaults(func=cmd_watch)

    from stance.records import ACTOR_KINDS

    p = sub.add_parser("alerts", help="alert rules on stance shifts: add, list, remove, check now, and what fired")
    actions = p.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a rule: a scope, one condition, and where to send it")
    add.add_argument("--name", required=True, help="the rule's name, shown in every alert it fires")
    add.add_argument(
        "--actor", action="append", metavar="NAME", help="an actor to watch (repeat for several); none: every actor"
    )
    add.add_argument("--kind", choices=list(ACTOR_KINDS), help="watch every actor of this kind")
    add.add_argument(
        "--conflict", help="watch the actors of one conflict (its tag in data/actors.yaml, e.g. russia-ukraine)"
    )
    add.add_argument(
        "--moved",
        type=float,
        metavar="X",
        help="fire when the mean score moved by at least X between the last N days and the N before (interval excluding zero)",
    )
    add.add_argument(
        "--sign-flip",
        action="store_true",
        help="fire when the mean score changed sign between the two windows (interval excluding zero)",
    )
    add.add_argument(
        "--new-actor", action="store_true", help="fire when an actor is heard for the first time in the scope"
    )
    add.add_argument("--strong", type=float, metavar="Y", help="fire on a statement with |score| at least Y")
    add.add_argument("--days", type=_positive_int, default=14, metavar="N", help="window length in days (default 14)")
    add.add_argument(
        "--min-points",
        type=_positive_int,
        default=3,
        metavar="N",
        help="articles an actor needs in each window to be compared (default 3)",
    )
    add.add_argument(
        "--webhook", metavar="URL", help="POST the alert as JSON (Slack and Teams incoming webhooks accept it)"
    )
    add.add_argument(
        "--email",
        action="append",
        metavar="ADDR",
        help="send the alert by email (repeat for several; SMTP settings from STANCE_SMTP_*)",
    )
    add.add_argument(
        "--cooldown-hours",
        type=float,
        default=24.0,
        metavar="H",
        help="no repeat alert for the same move within H hours (default 24)",
    )
    add.add_argument(
        "--owner", default=os.environ.get("USER", "analyst"), help="who the rule belongs to (default $USER)"
    )
    listed = actions.add_parser("list", help="the rules")
    listed.add_argument("--json", action="store_true", help="print the rules as JSON")
    remove = actions.add_parser("remove", help="remove a rule and the alerts it fired")
    remove.add_argument("id", type=int, help="the rule's id in `stance alerts list`")
    check = actions.add_parser(
        "check", help="evaluate every rule now and send what fires (also run after each ingest and correction)"
    )
    check.add_argument("--json", action="store_true", help="print the alerts fired as JSON")
    fired = actions.add_parser("fired", help="alerts fired, newest first, with how each channel went")
    fired.add_argument("--json", action="store_true", help="print the alerts as JSON")
    fired.add_argument("--limit", type=_positive_int, default=50, metavar="N", help="the newest N alerts (default 50)")
    p.set_defaults(func=cmd_alerts)

    from stance.cli_accounts import add_parsers

    add_parsers(sub)
    _document(parser, [])
    return parser


# One or more examples per command, shown under its --help (tests/test_cli_docs.py holds every command to one).
EXAMPLES: dict[str, str] = {
    "ingest": "stance ingest sample_articles/\n"
    "stance ingest https://example.org/world/talks.html feed.jsonl\n"
    "stance ingest notes.txt --date 2025-08-16 --title 'Kallas: talks' --source 'Analyst Notes'\n"
    "stance ingest --json big-folder/ > outcomes.json",
    "analyze": "stance analyze sample_articles/2025-03-13-putin-ceasefire-conditions.txt\n"
    "stance analyze https://example.org/world/talks.html --json",
    "export": "stance export --csv -o statements.csv\nstance export --corrections > corrections.jsonl\n"
    "stance export --all -o backup.jsonl",
    "import": "stance import backup.jsonl",
    "db": "stance db upgrade",
    "splits": "stance splits\nstance splits --reshuffle --seed 13",
    "train": "stance train --approach lora\nstance train --with-corrections --out models/next",
    "ensemble": "stance ensemble models/seed13 models/seed29 --out models/ensemble",
    "evaluate": "stance evaluate --split test\nstance evaluate --file data/stance/challenge/challenge.jsonl\n"
    "stance evaluate --behaviour --show-failures 5\nstance evaluate --split dev --json",
    "audit": "stance audit\nstance audit --split dev --json",
    "actors": "stance actors list\nstance actors list --json\nstance actors rename 'Vladimir Putin' 'Vladimir V. Putin'\n"
    "stance actors merge 'Yuri Ushakov' 'Vladimir Putin'\nstance actors undo-merge 3\n"
    "stance actors set 'Kaja Kallas' --kind person --affiliation EU --reviewed yes",
    "evaluate-attribution": "stance evaluate-attribution\nstance evaluate-attribution --gold data/attribution/heldout --verbose",
    "classify": "stance classify statements.txt\necho 'We will never negotiate, the minister said.' | stance classify -",
    "rescore": "stance rescore\nstance rescore --model models/next",
    "seed": "stance seed",
    "dashboard": "stance dashboard\nstance dashboard --port 8600 --no-samples",
    "feeds": "stance feeds add https://example.org/world/rss.xml --conflict russia-ukraine\n"
    "stance feeds list\nstance feeds remove 2",
    "feeds add": "stance feeds add https://example.org/world/rss.xml --conflict russia-ukraine",
    "feeds list": "stance feeds list\nstance feeds list --json",
    "feeds remove": "stance feeds remove https://example.org/world/rss.xml\nstance feeds remove 2",
    "watch": "stance watch\nstance watch --once --verbose\nstance watch --interval 600",
    "alerts": "stance alerts add --name 'Kremlin moves' --actor 'Vladimir Putin' --moved 0.3 --webhook URL\n"
    "stance alerts list\nstance alerts fired --json",
    "alerts add": "stance alerts add --name 'Kremlin moves' --actor 'Vladimir Putin' --actor 'Dmitry Peskov' \\\n"
    "    --moved 0.3 --days 14 --webhook https://hooks.slack.com/services/...\n"
    "stance alerts add --name 'New voices' --conflict israel-gaza --new-actor --email desk@example.org",
    "alerts list": "stance alerts list\nstance alerts list --json",
    "alerts remove": "stance alerts remove 2",
    "alerts check": "stance alerts check",
    "alerts fired": "stance alerts fired\nstance alerts fired --limit 10 --json",
    "users": "stance users add ana --role admin\nstance --as ana users add ben --role analyst\nstance users list --json",
    "users add": 'stance users add ana --role admin\necho "$PASSWORD" | stance users add ben --role analyst --password-stdin\n'
    "stance users add ana@example.org --role admin --sso",
    "users remove": "stance users remove ben",
    "users set-role": "stance users set-role ben viewer",
    "users reset-password": "stance users reset-password ben",
    "users list": "stance users list\nstance users list --json",
    "screen-link": "stance screen-link create --hours 8 --label 'briefing room'\nstance screen-link list\n"
    "stance screen-link revoke 1",
    "screen-link create": "stance screen-link create --hours 8 --label 'briefing room'",
    "screen-link revoke": "stance screen-link revoke 1",
    "screen-link list": "stance screen-link list\nstance screen-link list --json",
    "audit-log": "stance audit-log --limit 20\nstance audit-log --action correction.add --user ana --json\n"
    "stance audit-log --csv audit.csv",
}


def _document(parser: argparse.ArgumentParser, path: list[str]) -> None:
    """Give every (nested) command its one-line help as description and its examples as epilog."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, command in action.choices.items():
            key = " ".join([*path, name])
            command.description = command.description or helps.get(name)
            if key in EXAMPLES:
                lines = "\n".join("  " + line for line in EXAMPLES[key].splitlines())
                command.epilog = f"example{'s' if lines.count(chr(10)) else ''}:\n{lines}"
                if key == "ingest":
                    command.epilog += "\n\n" + EXIT_CODES
                command.formatter_class = argparse.RawDescriptionHelpFormatter
            _document(command, [*path, name])


_ARITY = {"rename": 2, "undo-rename": 1, "merge": 2, "undo-merge": 1, "set": 1, "list": 0}


def main(argv: list[str] | None = None) -> None:
    """Run one command. Output cut short by a closed pipe (`stance actors list | head -1`) ends quietly with 141
    (128 + SIGPIPE, as a shell reports it), per the Python docs' "Note on SIGPIPE"."""
    try:
        try:
            _run(argv)
        finally:
            sys.stdout.flush()  # a closed pipe shows here, not as "Exception ignored" at exit
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush at exit goes nowhere
        raise SystemExit(141) from None


def _run(argv: list[str] | None) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from stance.cli_accounts import take_as

    argv, as_user = take_as(sys.argv[1:] if argv is None else list(argv))
    args = build_parser().parse_args(argv)
    args.as_user = as_user
    if args.command == "actors" and len(args.names) != _ARITY[args.action]:
        _fail(f"`stance actors {args.action}` takes {_ARITY[args.action]} name(s); see `stance actors --help`.")
    try:
        args.func(args)
    except (FileNotFoundError, RuntimeError, ValueError, LookupError) as exc:
        _fail(str(exc))
    except PermissionError as exc:  # stance.auth.NotAllowed: the account's role does not allow it
        _fail(str(exc))
    except SQLAlchemyError as exc:  # never the SQL or its parameters on screen
        from stance.store.errors import describe

        _fail(
            f"{describe(exc)}. Nothing of this command's last change was saved; check the values given and try again."
        )
    except KeyboardInterrupt:
        _fail("interrupted", 130)


if __name__ == "__main__":
    main()
