"""`amends customer list|export|erase`: a customer's data, handed over or forgotten, from the shell."""
from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.support import fail, find_customer, open_db, record_ref
from planner.incidents.privacy import (
    customers_overview,
    erase_customer,
    write_customer_export,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `amends customer` and its actions."""
    parser = subparsers.add_parser(
        "customer", help="list customers, export or erase everything about one",
        description="Privacy requests: hand a customer everything Amends holds about them, or "
        "erase them and all their incidents from the data file.",
    )
    actions = parser.add_subparsers(dest="customer_action", metavar="ACTION", required=True)
    actions.add_parser("list", help="customers with their ids").set_defaults(func=run_list)
    export = actions.add_parser("export", help="write everything about one customer as JSON")
    export.add_argument("customer", type=record_ref, metavar="CUSTOMER",
                        help="the customer's id, or a word of the company or contact")
    export.add_argument("-o", "--output", required=True, metavar="FILE.json",
                        help="where to write it (0600: readable by you only)")
    export.set_defaults(func=run_export)
    erase = actions.add_parser("erase", help="erase a customer and all their incidents for good")
    erase.add_argument("customer", type=record_ref, metavar="CUSTOMER",
                       help="the customer's id, or a word of the company or contact")
    erase.add_argument("--yes", action="store_true", help="really erase; it cannot be undone")
    erase.set_defaults(func=run_erase)


def run_list(args: argparse.Namespace) -> int:
    """Print id, company, contact and number of incidents."""
    db = open_db(args)
    try:
        rows = customers_overview(db)
    finally:
        db.close()
    for customer_id, company, contact, incidents in rows:
        who = f" ({contact})" if contact else ""
        print(f"{customer_id:>5}  {company}{who} — {incidents} incident{'s' * (incidents != 1)}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the customer's JSON export."""
    db = open_db(args)
    try:
        customer_id = find_customer(db, args.customer)
        path = write_customer_export(db, customer_id, Path(args.output).expanduser())
    except LookupError as exc:
        return fail(str(exc))
    finally:
        db.close()
    print(f"Wrote everything about customer {customer_id} to {path}.")
    return 0


def run_erase(args: argparse.Namespace) -> int:
    """Erase the customer, after --yes."""
    if not args.yes:
        return fail(f"erasing customer {args.customer} deletes them and all their incidents, "
                    "visits and follow-ups for good. Export them first if you need a copy, then "
                    "add --yes to erase.")
    db = open_db(args, daily_backup=False)  # no fresh copy of what is about to be erased
    try:
        report = erase_customer(db, find_customer(db, args.customer))
    except LookupError as exc:
        return fail(str(exc))
    finally:
        db.close()
    print(report.summary())
    return 0
