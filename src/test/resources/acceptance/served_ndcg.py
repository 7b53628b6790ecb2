#!/usr/bin/env python3
"""Scores what the service serves the way `ebb eval` scores replay (issue 10's acceptance check). Stdlib only.

From the repository root, with the jar built (mvn -q -o -DskipTests package) and a free PORT:

  python3 src/test/resources/acceptance/served_ndcg.py prepare src/test/resources/ml-latest-small /tmp/ml-heldout
      Finds eval's test targets in ratings.csv (iterative 5-core filter on users and items; each user's events
      sorted by (timestamp, itemId), ids compared as numbers; the last one is the target) and writes a MovieLens
      folder: movies.csv and tags.csv copied, ratings.csv without the targets' rows, plus targets.csv
      (userId,movieId,timestamp,at). --drop-later also leaves out ratings after a target's instant (they are on
      items the filter dropped; without it `at` lies before those users' last event and they answer 400).
      --core-only writes only the 5-core ratings and movies, exactly the data eval ranks on.
  java -jar target/ebb.jar serve --data-dir /tmp/ebb-accept --port PORT      # wait for /health/ready 200
  java -jar target/ebb.jar import --movielens /tmp/ml-heldout --url http://127.0.0.1:PORT
  java -jar target/ebb.jar tune --data-dir /tmp/ebb-accept --apply           # wait for settingsVersion to change
  python3 src/test/resources/acceptance/served_ndcg.py score /tmp/ml-heldout/targets.csv --url http://127.0.0.1:PORT
      Asks GET /v1/users/{u}/recommendations?limit=10&at=<target's instant> for every target and prints NDCG@10
      (1/log2(rank+1) for a hit at rank 1..10, else 0) and HR@10 over all targets, a non-200 answer counting as a
      miss (reported, exit code 1). --json FILE writes the figures and every served list.
"""
import argparse
import concurrent.futures
import csv
import datetime
import json
import math
import os
import shutil
import sys
import time
import urllib.error
import urllib.request

CORE = 5


def read_ratings(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def core_filter(rows, k):
    """Drops users and items with fewer than k ratings until none is left (every rating is one interaction)."""
    current = rows
    while True:
        per_user, per_item = {}, {}
        for r in current:
            per_user[r[0]] = per_user.get(r[0], 0) + 1
            per_item[r[1]] = per_item.get(r[1], 0) + 1
        kept = [r for r in current if per_user[r[0]] >= k and per_item[r[1]] >= k]
        if len(kept) == len(current):
            return kept
        current = kept


def targets_of(core):
    by_user = {}
    for r in core:
        by_user.setdefault(r[0], []).append(r)
    targets = {}
    for user, events in by_user.items():
        events.sort(key=lambda r: (int(r[3]), int(r[1])))  # stable, as the Java sort
        targets[user] = events[-1]
    return targets


def iso(epoch_seconds):
    return datetime.datetime.fromtimestamp(int(epoch_seconds), datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def prepare(args):
    header, rows = read_ratings(os.path.join(args.ml_dir, "ratings.csv"))
    core = core_filter(rows, CORE)
    targets = targets_of(core)
    held = {id(r) for r in targets.values()}
    os.makedirs(args.out_dir, exist_ok=True)
    shutil.copyfile(os.path.join(args.ml_dir, "tags.csv"), os.path.join(args.out_dir, "tags.csv"))
    if args.core_only:
        core_items = {r[1] for r in core}
        with open(os.path.join(args.ml_dir, "movies.csv"), newline="", encoding="utf-8") as f:
            movies = list(csv.reader(f))
        with open(os.path.join(args.out_dir, "movies.csv"), "w", newline="", encoding="utf-8") as f:
            kept_movies = [m for i, m in enumerate(movies) if i == 0 or m[0] in core_items]
            csv.writer(f, lineterminator="\n").writerows(kept_movies)
    else:
        shutil.copyfile(os.path.join(args.ml_dir, "movies.csv"), os.path.join(args.out_dir, "movies.csv"))
    kept = [r for r in (core if args.core_only else rows) if id(r) not in held]
    if args.drop_later:
        kept = [r for r in kept if int(r[3]) <= int(targets[r[0]][3])]
    with open(os.path.join(args.out_dir, "ratings.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(kept)
    last_kept = {}
    for r in kept:
        last_kept[r[0]] = max(last_kept.get(r[0], 0), int(r[3]))
    later = sorted(u for u, t in targets.items() if last_kept.get(u, 0) > int(t[3]))
    with open(os.path.join(args.out_dir, "targets.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["userId", "movieId", "timestamp", "at"])
        for user in sorted(targets, key=int):
            t = targets[user]
            w.writerow([user, t[1], t[3], iso(t[3])])
    print(f"{len(rows)} ratings ({len(core)} in the {CORE}-core), {len(targets)} test targets held out, "
          f"{len(kept)} ratings written to {args.out_dir}")
    if later:
        print(f"warning: {len(later)} users have a kept rating (of an item the 5-core filter dropped) after their "
              f"target's instant, so `at` is before their lastEventAt: {later[:10]}")


def ask(url, user, at, limit):
    q = f"{url}/v1/users/{user}/recommendations?limit={limit}&at={at}"
    try:
        with urllib.request.urlopen(q, timeout=60) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as e:
        return None, repr(e)


def score(args):
    with open(args.targets, newline="", encoding="utf-8") as f:
        targets = list(csv.DictReader(f))
    url = args.url.rstrip("/")
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        answers = list(pool.map(lambda t: ask(url, t["userId"], t["at"], args.limit), targets))
    elapsed = time.monotonic() - started
    ndcg = hits = 0.0
    failures = []
    served = []
    for t, (status, body) in zip(targets, answers):
        if status != 200:
            failures.append((t["userId"], status, body))
            served.append({"userId": t["userId"], "target": t["movieId"], "status": status})
            continue
        items = [i["itemId"] for i in body["items"]][: args.limit]
        rank = items.index(t["movieId"]) + 1 if t["movieId"] in items else 0
        if rank:
            hits += 1
            ndcg += 1 / math.log2(rank + 1)
        served.append({"userId": t["userId"], "target": t["movieId"], "rank": rank, "items": items})
    n = len(targets)
    figures = {"users": n, "non200": len(failures), f"ndcg@{args.limit}": ndcg / n, f"hr@{args.limit}": hits / n,
               "seconds": round(elapsed, 1)}
    print(json.dumps(figures))
    for user, status, body in failures[:5]:
        print(f"user {user}: {status} {str(body)[:300]}", file=sys.stderr)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"figures": figures, "served": served}, f, indent=1)
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    pr = sub.add_parser("prepare")
    pr.add_argument("ml_dir")
    pr.add_argument("out_dir")
    pr.add_argument("--drop-later", action="store_true",
                    help="also leave out each user's ratings after the target's instant (items the filter dropped)")
    pr.add_argument("--core-only", action="store_true",
                    help="write only the 5-core ratings and movies: exactly the data eval ranks on")
    sc = sub.add_parser("score")
    sc.add_argument("targets")
    sc.add_argument("--url", default="http://127.0.0.1:8080")
    sc.add_argument("--limit", type=int, default=10)
    sc.add_argument("--threads", type=int, default=4)
    sc.add_argument("--json")
    args = p.parse_args()
    sys.exit(prepare(args) if args.command == "prepare" else score(args))


if __name__ == "__main__":
    main()
