"""The record of processing activities (GDPR Art. 30(1)) of one controller, from its policy record.

One row per processing activity; each cell is a list of lines, so that the CSV,
the spreadsheet and the HTML page show the same values, one per line.  The
columns follow Art. 30(1)(a)-(g), then the internal fields that the policy
page never shows (owner, assessments, notes).  Nothing here knows a file format.
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinx_policy import model
from sphinx_policy.i18n import record_words, words

#: Column keys in order, with the point of Art. 30(1) each answers ("" where none).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("activity", ""),
    ("controller", "30(1)(a)"),
    ("purposes", "30(1)(b)"),
    ("legal_bases", ""),
    ("data_subjects", "30(1)(c)"),
    ("personal_data", "30(1)(c)"),
    ("recipients", "30(1)(d)"),
    ("transfers", "30(1)(e)"),
    ("retention", "30(1)(f)"),
    ("security_measures", "30(1)(g)"),
    ("owner", ""),
    ("dpia", ""),
    ("lia", ""),
    ("note", ""),
    ("source", ""),
)

Row = dict[str, list[str]]


@dataclass(frozen=True)
class MissingItem:
    """An Art. 30(1) item the declarations do not give, located at the declaration that should."""

    code: str
    message: str
    location: model.Location


def column_heading(key: str, article: str) -> str:
    heading = record_words.ropa_heading(key)
    return record_words.with_article(heading, article) if article else heading


def headings() -> list[str]:
    return [column_heading(key, article) for key, article in COLUMNS]


def controller_lines(policy: model.Policy, language: str) -> list[str]:
    """Art. 30(1)(a): the controller, any joint controllers and the DPO, with how to reach them."""
    controller = policy["controller"]
    if controller is None:
        return []
    lines = [controller["name"]]
    if controller["org_number"]:
        lines.append(f"{words.heading('org_number')}: {controller['org_number']}")
    for key in ("address", "email", "phone"):
        value = controller[key]  # type: ignore[literal-required]
        if value:
            lines.append(f"{words.heading(key)}: {value}")
    if controller["dpo"]:
        lines.append(f"{words.heading('dpo')}: {', '.join(controller['dpo'].values())}")
    for recipient in policy["recipients"]:
        if recipient["role"] == "joint-controller":
            lines.append(f"{words.recipient_role('joint-controller')}: {recipient_label(recipient)}")
    return lines


def recipient_label(recipient: model.Recipient) -> str:
    return recipient["name"] or recipient["description"] or recipient["id"]


def recipient_line(recipient: model.Recipient, language: str) -> str:
    details = [words.recipient_role(recipient["role"])]
    if recipient["country"]:
        place = record_words.country(recipient["country"], language)
        if recipient["country"].upper() not in model.EEA_COUNTRIES:
            place = f"{place}, {record_words.ropa_heading('third_country')}"
        details.append(place)
    return f"{recipient_label(recipient)} ({'; '.join(details)})"


def transfer_line(transfer: model.Transfer, language: str) -> str:
    safeguard = record_words.transfer_safeguard(transfer["safeguard"])
    line = f"{record_words.country(transfer['country'], language)}: {safeguard}"
    return f"{line}. {transfer['description']}" if transfer["description"] else line


def retention_lines(retention: model.Retention | None, language: str) -> list[str]:
    if retention is None:
        return []
    lines = []
    if retention["duration"]:
        lines.append(f"{words.duration(retention['duration'], language)} ({retention['duration']})")
    if retention["criterion"]:
        lines.append(retention["criterion"])
    return lines


def _internal(value: str | None) -> list[str]:
    return [value] if value else []


def activity_row(policy: model.Policy, activity: model.Activity, source_path: str, language: str) -> Row:
    recipients = {recipient["id"]: recipient for recipient in policy["recipients"]}
    named = [recipients[code] for code in activity["recipients"] if code in recipients]
    internal = activity["internal"]
    security = _internal(internal["security_measures"])
    # A processor's own measures belong to the activity's record too (Art. 28(3)(c), 32).
    security += [
        f"{recipient_label(recipient)}: {recipient['internal']['security_measures']}"
        for recipient in named
        if recipient["internal"]["security_measures"]
    ]
    notes = _internal(internal["note"]) + [
        f"{recipient_label(recipient)}: {recipient['internal']['note']}"
        for recipient in named
        if recipient["internal"]["note"]
    ]
    owners = _internal(internal["owner"]) + [
        f"{recipient_label(recipient)}: {recipient['internal']['owner']}"
        for recipient in named
        if recipient["internal"]["owner"]
    ]
    return {
        "activity": [activity["name"]],
        "controller": controller_lines(policy, language),
        "purposes": list(activity["purposes"]),
        "legal_bases": [words.legal_basis(code) for code in activity["legal_bases"]],
        "data_subjects": list(activity["data_subjects"]),
        "personal_data": list(activity["personal_data"]),
        "recipients": [recipient_line(recipient, language) for recipient in named],
        "transfers": [transfer_line(transfer, language) for transfer in activity["transfers"]],
        "retention": retention_lines(activity["retention"], language),
        "security_measures": security,
        "owner": owners,
        "dpia": _internal(internal["dpia"]),
        "lia": _internal(internal["lia"]),
        "note": notes,
        "source": [f"{source_path}:{activity['location']['line']}"],
    }


def rows(policy: model.Policy, source_path: str, language: str) -> list[Row]:
    """One row per activity, in the order the policy declares them."""
    return [activity_row(policy, activity, source_path, language) for activity in policy["activities"]]


def missing_items(policy: model.Policy) -> list[MissingItem]:
    """What Art. 30(1) asks for and the declarations do not give, each at its declaration."""
    found: list[MissingItem] = []
    controller = policy["controller"]
    if controller is None:
        found.append(
            MissingItem(
                "ropa-controller",
                f"policy {policy['id']!r}: the record needs the controller's name and contact details "
                "(GDPR Art. 30(1)(a)): add a policy-controller.",
                policy["location"],
            )
        )
    elif not (controller["email"] or controller["phone"] or controller["address"]):
        found.append(
            MissingItem(
                "ropa-controller",
                f"policy-controller {controller['name']!r}: the record needs contact details "
                "(GDPR Art. 30(1)(a)): add ':email:', ':phone:' or ':address:'.",
                controller["location"],
            )
        )
    for activity in policy["activities"]:
        subject = f"policy-activity {activity['id']!r}"
        required = (
            ("purposes", not activity["purposes"], "30(1)(b)", "the purposes: add a policy-purposes block"),
            (
                "data-subjects",
                not activity["data_subjects"],
                "30(1)(c)",
                "the categories of data subjects: add a policy-subjects block",
            ),
            (
                "personal-data",
                not activity["personal_data"],
                "30(1)(c)",
                "the categories of personal data: add a policy-data block",
            ),
            (
                "retention",
                activity["retention"] is None,
                "30(1)(f)",
                "the time limit for erasure: add ':retention:' or a policy-retention block",
            ),
            (
                "security-measures",
                not activity["internal"]["security_measures"],
                "30(1)(g)",
                "a description of the security measures: add ':security-measures:' (it is never published)",
            ),
        )
        for code, missing, article, what in required:
            if missing:
                found.append(
                    MissingItem(
                        f"ropa-{code}",
                        f"{subject}: the record of processing activities needs {what} (GDPR Art. {article}).",
                        activity["location"],
                    )
                )
        for transfer in activity["transfers"]:
            if not transfer["safeguard"]:
                found.append(
                    MissingItem(
                        "ropa-transfer-safeguard",
                        f"{subject}: the transfer to {transfer['country']!r} has no safeguard; the record "
                        "documents it (GDPR Art. 30(1)(e)): add ':safeguard:' to the policy-transfer.",
                        activity["location"],
                    )
                )
    return found
