#!/usr/bin/env python3
"""Writes a roster (花名册) CSV of N members with valid, distinct resident ID numbers to stdout (deterministic)."""
import random
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
AREAS = ["441402", "441403", "441422", "441423", "441424", "441426", "441427", "441481"]


def resident_id(body):
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    rng = random.Random(2017)
    seen = set()
    out = sys.stdout
    out.write("姓名,身份证号码,政治面貌,手机号码,部门\n")
    while len(seen) < n:
        body = "%s%04d%02d%02d%03d" % (rng.choice(AREAS), rng.randint(1960, 2004), rng.randint(1, 12),
                                       rng.randint(1, 28), rng.randint(0, 999))
        if body in seen:
            continue
        seen.add(body)
        i = len(seen)
        out.write("成员%d,%s,%s,1%010d,部门%d\n" % (i, resident_id(body), rng.choice(["共青团员", "中共党员", "中共预备党员"]),
                                                3800000000 + i, i % 20))


if __name__ == "__main__":
    main()
