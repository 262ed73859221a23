"""`make bench`: each size in its own process and database, then a summary.

python -m bench                     # district and city (city takes a while)
python -m bench --sizes district    # one size
python -m bench --reuse             # keep data built by an earlier run
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

OUT = Path("var/bench")


def _row(name, d, c=None):
    def cell(x):
        return f"{x['api']['p95']:.1f} ms (floor {x['floor']['p95']:.1f}, ×{x['api']['p95'] / max(x['floor']['p95'], 0.01):.1f})"

    ratio = f" | ×{c['api']['p95'] / d['api']['p95']:.2f}" if c else ""
    return f"| {name} | {cell(d)}" + (f" | {cell(c)}" if c else "") + ratio + " |"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="district,city")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = {}
    for size in args.sizes.split(","):
        out = OUT / f"{size}.json"
        cmd = [
            sys.executable,
            "-m",
            "bench.run",
            "--size",
            size,
            "--repeat",
            str(args.repeat),
            "--out",
            str(out),
        ]
        if args.reuse:
            cmd.append("--reuse")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        results[size] = json.loads(out.read_text())
    sizes = list(results)
    print("| p95 | " + " | ".join(sizes) + (" | ratio |" if len(sizes) == 2 else " |"))
    print("|---" * (len(sizes) + 1 + (len(sizes) == 2)) + "|")
    first = results[sizes[0]]
    second = results[sizes[1]] if len(sizes) == 2 else None
    for node in first["dashboard"]:
        print(
            _row(
                f"dashboard, {node}",
                first["dashboard"][node],
                second["dashboard"][node] if second else None,
            )
        )
    for scenario in first["case_list"]:
        print(
            _row(
                f"case list, {scenario}",
                first["case_list"][scenario],
                second["case_list"][scenario] if second else None,
            )
        )
    print(_row("filing a case", first["filing"], second["filing"] if second else None))
    for size in sizes:
        paths = results[size].get("filing_paths")
        if paths:
            print(
                f"\n{size}: filing p95 with the outbox {paths['outbox']['p95']:.1f} ms, "
                f"publishing to the broker after commit {paths['broker']['p95']:.1f} ms"
            )
    for size in sizes:
        t = results[size]["throughput"]
        print(
            f"\n{size}: {t['per_second']} filings/s ({t['filings']} in {t['seconds']} s, "
            f"{t['processes']} processes); data {results[size]['data']}"
        )


if __name__ == "__main__":
    main()
