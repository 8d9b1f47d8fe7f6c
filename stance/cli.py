"""`stance` command line: a thin face over the library; library errors become clean messages."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
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


def cmd_ingest(args) -> None:
    """Stream files and JSONL feeds into the store in batches; a rerun after a kill skips what is stored."""
    from tqdm import tqdm

    from stance import bulk
    from stance.pipeline import Pipeline
    from stance.store import Store

    files = _files(args.paths)
    if not files:
        _fail("no files found to ingest.")
    store = Store()
    pipeline = bulk.LazyPipeline(Pipeline.load)  # loaded only if some article is new
    counts = {"stored": 0, "duplicate": 0, "rejected": 0}
    started = time.perf_counter()
    with tqdm(total=bulk.count_articles(files), unit="article", file=sys.stderr, disable=args.quiet) as bar:
        for outcome in bulk.ingest(pipeline, store, files, batch_size=args.batch_size or bulk.DEFAULT_BATCH_SIZE):
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
    from stance.classifier.data import SPLITS, extend_splits, make_splits, near_duplicate_pairs, read_examples, write_examples

    data = Path(args.data)
    raw = sorted((data / "raw").glob("*.jsonl"))
    examples = [e for path in raw for e in read_examples(path)]
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
    out = Path(args.out)
    print(f"training '{args.approach}' on {len(splits['train'])} statements, choosing on {len(splits['dev'])} dev statements", file=sys.stderr)
    result = train(splits["train"], splits["dev"], args.approach, out, seed=args.seed, log=lambda m: print(m, file=sys.stderr), epochs=args.epochs)
    print(describe(result))
    print(result.dev.as_text(), file=sys.stderr)
    print(f"saved to {out}", file=sys.stderr)


def cmd_evaluate(args) -> None:
    from stance.classifier.data import read_examples
    from stance.classifier.evaluate import evaluate, hard_case_text
    from stance.classifier.model import StanceClassifier

    if args.file:
        examples, name = read_examples(Path(args.file)), Path(args.file).name
    else:
        examples, name = _load_splits(Path(args.data))[args.split], f"the {args.split} split"
    classifier = StanceClassifier.load(Path(args.model) if args.model else model_dir())
    result, by_case = evaluate(classifier, examples)
    print(f"model {classifier.version} ({classifier.precision}) on {name}")
    print(result.as_text())
    print()
    print(hard_case_text(by_case))


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
            print(json.dumps({"text": text, "label": p.label, "score": round(p.score, 4), "probabilities": p.probabilities, "model_version": classifier.version}, ensure_ascii=False))


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
    from stance.attribution.evaluate import run

    run(Path(args.gold), verbose=args.verbose)


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
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="macro-F1, confusion matrix and accuracy per hard case on a held-out split")
    p.add_argument("--split", choices=["dev", "test"], default="test")
    p.add_argument("--file", help="any labelled JSONL instead of a split, e.g. data/stance/challenge/challenge.jsonl")
    p.add_argument("--data", default=str(STANCE_DATA))
    p.add_argument("--model")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("actors", help="list, rename, merge (and undo), or set kind/affiliation/reviewed")
    p.add_argument("action", choices=["list", "rename", "merge", "undo-merge", "set"])
    p.add_argument("names", nargs="*", help="rename OLD NEW | merge SOURCE TARGET | undo-merge ID | set NAME")
    p.add_argument("--kind", choices=["person", "government", "organisation", "commentator"])
    p.add_argument("--affiliation")
    p.add_argument("--reviewed", choices=["yes", "no"])
    p.add_argument("--analyst", default=os.environ.get("USER", "analyst"))
    p.set_defaults(func=cmd_actors)

    p = sub.add_parser("evaluate-attribution", help="speaker attribution precision, recall and F1 on the gold set")
    p.add_argument("--gold", default=str(DATA_DIR / "attribution"))
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
