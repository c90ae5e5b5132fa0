"""Voucher numbers were kept per exporting company; they are kept per root company (the
legal entity that files the SIE) since 18.0.1.1.0, shared by its branches. The numbers of
branches move to their root company. A number that the root (or another branch) already
gave in the same series and fiscal year gets the next free number of the series: one file
must never hold a series and number twice (the earlier files already did; they cannot be
taken back, the entries' new numbers are logged)."""

import logging
from collections import defaultdict

from psycopg2.extras import execute_values

_logger = logging.getLogger(__name__)

TABLE = "l10n_se_sie4_voucher_number"


def migrate(cr, version):
    cr.execute("SELECT to_regclass(%s)", [TABLE])
    if not cr.fetchone()[0]:
        return
    cr.execute(
        f"""
        SELECT v.move_id, split_part(c.parent_path, '/', 1)::int, v.fiscal_year, v.series,
               v.number, c.parent_id IS NULL
          FROM {TABLE} v
          JOIN res_company c ON c.id = v.company_id
         ORDER BY v.fiscal_year, v.series, v.number, v.move_id
        """
    )
    rows = cr.fetchall()
    used = defaultdict(set)
    branch_rows = []
    for move_id, root, year, series, number, is_root in rows:
        if is_root:
            used[(root, year, series)].add(number)
        else:
            branch_rows.append((move_id, root, year, series, number))
    if not branch_rows:
        return
    kept, clashing = [], []
    for row in branch_rows:  # a branch's number free in its root's series stays
        numbers = used[row[1:4]]
        if row[4] in numbers:
            clashing.append(row)
        else:
            numbers.add(row[4])
            kept.append(row)
    top = {key: max(numbers) for key, numbers in used.items() if numbers}
    for move_id, root, year, series, number in clashing:
        key = (root, year, series)
        top[key] = top.get(key, 0) + 1
        kept.append((move_id, root, year, series, top[key]))
        _logger.warning(
            "SIE voucher %s %s of %s (entry %s) was also given by another company of the same "
            "legal entity: it is %s %s now",
            series,
            number,
            year,
            move_id,
            series,
            top[key],
        )
    cr.execute(f"DELETE FROM {TABLE} WHERE move_id = ANY(%s)", [[row[0] for row in kept]])
    execute_values(
        cr._obj,
        f"INSERT INTO {TABLE} (move_id, company_id, fiscal_year, series, number) VALUES %s",
        kept,
        page_size=10_000,
    )
    _logger.info(
        "SIE voucher numbers of %s entries of branches moved to their root company, %s of "
        "them renumbered",
        len(kept),
        len(clashing),
    )
