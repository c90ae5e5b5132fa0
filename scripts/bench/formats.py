"""Benchmark of lib/nordic_formats on generated files; prints records per second and peak
memory. Each measurement runs in a fresh process, so peak memory is its own.

    .venv/bin/python scripts/bench/formats.py [--payments 1000000]

* BgMax: a file of N payments (TK20, every third with a TK26 name record), parsed into
  typed objects and normalised payments. Target: >= 300,000 records/s.
* Nets OCR giro: a file of N transactions (amount items 1 and 2), parsed by netsgiro's own
  record parser alone, and by nordic_formats (netsgiro records + sign, totals, normalised
  payments). Target: nordic_formats no more than 20 % slower than netsgiro alone.
* SIE 4: a file with N #TRANS lines (vouchers of two transactions) written from a
  generator. Target: >= 300,000 lines/s and peak memory under 100 MB.
"""

from __future__ import annotations

import argparse
import datetime
import io
import multiprocessing
import resource
import time
from decimal import Decimal
from pathlib import Path

import netsgiro.records

from nordic_formats.no import kid, nets
from nordic_formats.se import bgmax, ocr, sie

OUT = Path(__file__).resolve().parents[2] / "data" / "generated"


def generate_bgmax(path: Path, payments: int) -> int:
    """Write the file; returns its number of records."""
    records = 0
    with path.open("w", encoding="latin-1", newline="\r\n") as out:
        out.write("01BGMAX               0120261123120000000000P".ljust(80) + "\n")
        records += 1
        per_section = 1000
        for section in range(0, payments, per_section):
            out.write("050009912346          SEK".ljust(80) + "\n")
            total = count = 0
            for n in range(section, min(section + per_section, payments)):
                reference = ocr.create(str(100000 + n))
                amount = 10000 + n % 50000
                out.write(f"200003783511{reference:>25}{amount:018d}22{n:012d}0".ljust(80) + "\n")
                records += 1
                if n % 3 == 0:
                    out.write(f"26{'Medlem ' + str(n):<35}".ljust(80) + "\n")
                    records += 1
                total += amount
                count += 1
            serial = section // per_section % 100000
            account = "58410000010098232".zfill(35)
            out.write(f"15{account}20261123{serial:05d}{total:018d}SEK{count:08d} \n")
            records += 2
        sections = (payments + per_section - 1) // per_section
        out.write(f"70{payments:08d}{0:08d}{0:08d}{sections:08d}".ljust(80) + "\n")
        records += 1
    return records


def generate_nets(path: Path, transactions: int) -> int:
    total = 0
    with path.open("w", encoding="latin-1") as out:
        out.write(
            "NY000010000080800170031000102000000000000000000000000000000000000000000000000000\n"
        )
        out.write(
            "NY090020001008566000000299991042764000000000000000000000000000000000000000000000\n"
        )
        for n in range(1, transactions + 1):
            amount = 10000 + n % 50000
            total += amount
            number = f"{n:07d}"
            kid_number = kid.create(str(n), "mod10")
            out.write(f"NY091030{number}2001921320101464{'0'}{amount:017d}{kid_number:>25}000000\n")
            item2 = "9636827194099038562000000016019299990512341"
            out.write(f"NY091031{number}{item2}{'0' * 22}\n")
        records = 2 * transactions + 2
        dates = "200192" * 3
        out.write(f"NY090088{transactions:08d}{records:08d}{total:017d}{dates}{'0' * 21}\n")
        out.write(f"NY000089{transactions:08d}{records + 2:08d}{total:017d}200192{'0' * 33}\n")
    return 2 * transactions + 4


def _measure(target, args, queue):
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # CPU time of this process: the targets are per core, and other load on the machine
    # (tests, a second benchmark) must not move the figures
    start = time.process_time()
    count = target(*args)
    elapsed = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((count, elapsed, (peak - baseline) / 1024, peak / 1024))


def measure(target, *args):
    """(result count, CPU seconds, MB added by the run, peak RSS MB) in a fresh process."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(target, args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def parse_bgmax(path: Path) -> int:
    parsed = bgmax.parse(path.read_bytes())
    return len(bgmax.incoming_payments(parsed))


def parse_nets_netsgiro(path: Path) -> int:
    return len(netsgiro.records.parse(path.read_text("latin-1")))


def parse_nets_nordic(path: Path) -> int:
    return len(nets.incoming_payments(path.read_bytes()))


def write_sie(path: Path, lines: int) -> int:
    def vouchers():
        day = datetime.date(2026, 1, 1)
        for n in range(lines // 2):
            amount = Decimal(n % 100000) / 100
            lines_ = [
                sie.Transaction("1930", amount),
                sie.Transaction("3890", -amount, objects=(("1", "10"),), text="Medlem"),
            ]
            date = day + datetime.timedelta(days=n % 365)
            yield sie.Voucher("A", str(n + 1), date, "Medlemsavgift", transactions=lines_)

    company = sie.SieFile(
        company_name="Benchmark", generated=datetime.date(2026, 11, 23), vouchers=vouchers()
    )
    with path.open("wb") as out:
        sie.write(io.BufferedWriter(out, 1 << 20), company)
    return sum(1 for _ in path.open("rb"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--payments", type=int, default=1_000_000, help="payments, transactions and #TRANS lines"
    )
    n = parser.parse_args().payments
    OUT.mkdir(parents=True, exist_ok=True)
    bgmax_file, nets_file, sie_file = OUT / "bench.bgmax", OUT / "bench.nets", OUT / "bench.se"

    bgmax_records = generate_bgmax(bgmax_file, n)
    nets_records = generate_nets(nets_file, n)
    mb = 1e6
    print(
        f"generated: BgMax {n:,} payments ({bgmax_records:,} records, "
        f"{bgmax_file.stat().st_size / mb:.0f} MB), Nets {n:,} transactions "
        f"({nets_records:,} records, {nets_file.stat().st_size / mb:.0f} MB)"
    )
    count, seconds, added, peak = measure(parse_bgmax, bgmax_file)
    print(
        f"BgMax parse:            {bgmax_records / seconds:>10,.0f} records/s  "
        f"{count / seconds:>10,.0f} payments/s  {seconds:6.1f} CPU s  peak {peak:5.0f} MB "
        f"(+{added:.0f} MB; file {bgmax_file.stat().st_size / mb:.0f} MB)  "
        "target >= 300,000 records/s"
    )
    _, base_seconds, base_added, base_peak = measure(parse_nets_netsgiro, nets_file)
    print(
        f"Nets, netsgiro records: {nets_records / base_seconds:>10,.0f} records/s  "
        f"{n / base_seconds:>10,.0f} transactions/s  {base_seconds:6.1f} CPU s  "
        f"peak {base_peak:5.0f} MB (+{base_added:.0f} MB)"
    )
    count, seconds, added, peak = measure(parse_nets_nordic, nets_file)
    print(
        f"Nets, nordic_formats:   {nets_records / seconds:>10,.0f} records/s  "
        f"{count / seconds:>10,.0f} transactions/s  {seconds:6.1f} CPU s  peak {peak:5.0f} MB "
        f"(+{added:.0f} MB)  {(seconds / base_seconds - 1) * 100:+.1f} % time vs netsgiro "
        "(target <= +20 %)"
    )
    count, seconds, added, peak = measure(write_sie, sie_file, n)
    print(
        f"SIE 4 write:            {count / seconds:>10,.0f} lines/s   ({n:,} #TRANS, "
        f"{count:,} lines)  {seconds:6.1f} CPU s  peak {peak:5.0f} MB (+{added:.0f} MB)  "
        "target >= 300,000 lines/s, < 100 MB"
    )


if __name__ == "__main__":
    main()
