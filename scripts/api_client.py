#!/usr/bin/env python3
"""An outside client of the InnoCities Monitor open API, knowing nothing of the app's code.

It signs in with a personal API token, pages through every package it may read, downloads the
national roll-up, and checks that the roll-up's planned money by source and by region is
exactly the sum of the packages' subprojects (decimal arithmetic, never floats). It also
checks that an unchanged roll-up answers 304 to its ETag. Exit 0 when every check holds.

    python3 scripts/api_client.py --url http://127.0.0.1:3000 --token ict_...
"""

import argparse
import sys
from collections import defaultdict
from decimal import Decimal

import requests

SOURCES = ("eu", "state", "city", "other_public", "private")


def get(session, url, **params):
    response = session.get(url, params=params, timeout=60)
    if response.status_code != 200:
        sys.exit(f"GET {response.url}: {response.status_code} {response.text[:500]}")
    return response


def all_packages(session, base, limit):
    """Every package, following `next` until it is null; no package twice."""
    packages, after, pages = [], None, 0
    while True:
        params = {"limit": limit}
        if after is not None:
            params["after"] = after
        page = get(session, f"{base}/api/v1/packages", **params).json()
        packages.extend(page["items"])
        pages += 1
        after = page["next"]
        if after is None:
            return packages, pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the service's address")
    parser.add_argument("--token", required=True, help="a personal API token (ict_...)")
    parser.add_argument("--limit", type=int, default=50, help="packages per page")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {args.token}"

    packages, pages = all_packages(session, base, args.limit)
    ids = [p["id"] for p in packages]
    if len(ids) != len(set(ids)) or ids != sorted(ids):
        sys.exit("a package came twice or out of order")

    planned = defaultdict(Decimal)
    by_region = defaultdict(Decimal)
    for package in packages:
        for sub in package["subprojects"]:
            for source in SOURCES:
                amount = Decimal(sub["planned"][source])
                planned[source] += amount
                by_region[sub["region"]] += amount

    response = get(session, f"{base}/api/v1/rollups")
    rollup = response.json()
    failures = []
    for source in SOURCES:
        if Decimal(rollup["planned"][source]) != planned[source]:
            failures.append(f"planned {source}: roll-up {rollup['planned'][source]}, packages {planned[source]}")
    for region in rollup["by_region"]:
        if Decimal(region["planned"]["total"]) != by_region[region["code"]]:
            failures.append(
                f"region {region['code']}: roll-up {region['planned']['total']}, packages {by_region[region['code']]}"
            )

    tag = response.headers.get("ETag")
    again = session.get(f"{base}/api/v1/rollups", headers={"If-None-Match": tag}, timeout=60)
    if again.status_code != 304:
        failures.append(f"an unchanged roll-up answered {again.status_code}, not 304")

    total = sum(planned.values(), Decimal(0))
    print(f"{len(packages)} packages in {pages} pages, planned {total} EUR in {len(rollup['by_region'])} regions")
    if failures:
        sys.exit("\n".join(failures))
    print("the roll-up equals the packages' sums")


if __name__ == "__main__":
    main()
