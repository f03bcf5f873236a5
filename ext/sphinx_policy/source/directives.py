"""The ``policy-*`` directives: MyST source to declaration nodes.

Directives check every option value with the model's parsers and note any
problem, with its line, in the policy domain; they never stop the parse, so
that an author sees every problem of a page in one build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from sphinx_policy import model

from . import declarations as policy_nodes
from .domain import PolicyDomain

_TEXT = directives.unchanged


class PolicyDirective(SphinxDirective):
    """Shared option checking for the policy directives."""

    node_class: ClassVar[type[policy_nodes.PolicyElement]]
    required_options: ClassVar[tuple[str, ...]] = ()
    has_content = True
    final_argument_whitespace = False

    def run(self) -> list[nodes.Node]:
        node = self.node_class()
        self.set_source_info(node)
        node["directive"] = self.name
        self.check_options_read()
        for option in self.required_options:
            if not self.options.get(option, "").strip():
                self.note_error(
                    f"the {option!r} option is missing: add ':{option}: ...' to the directive.",
                    "missing-field",
                )
        self.fill(node)
        if self.content:
            node += self.parse_content_to_nodes(allow_section_headings=False)
        return [node]

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        """Store the checked option values on the node."""

    def check_options_read(self) -> None:
        """MyST drops every option of a block whose option lines it cannot read (a tab, say),
        with only a warning: the block would then stand as if the options were never written."""
        written = _written_options(self.block_text)
        lost = [name for name in written if name in (self.option_spec or {}) and name not in self.options]
        if lost:
            self.note_error(
                f"the options {', '.join(lost)} could not be read, so none of the block's options counts: "
                "write each as ':name: value' on its own line, with spaces rather than tabs.",
                "option-format",
            )

    def checked(self, option: str, parse: Callable[[str], Any], code: str) -> Any:
        """The parsed value of an option, or None when absent or invalid (then noted)."""
        value = self.options.get(option)
        if value is None:
            return None
        if not str(value).strip():
            self.note_error(f"option {option!r} is empty: give its value, or remove the option.", code)
            return None
        try:
            return parse(str(value))
        except model.PolicyInputError as error:
            self.note_error(f"option {option!r}: {error}", code)
            return None

    def note_error(self, message: str, code: str) -> None:
        subject = f"{self.name} {self.arguments[0]!r}" if self.arguments else self.name
        domain = self.env.domains[PolicyDomain.name]
        assert isinstance(domain, PolicyDomain)
        domain.note_error(self.env.current_document.docname, self.lineno, f"{subject}: {message}", code)


class IdentifiedDirective(PolicyDirective):
    """A directive whose argument is an identifier."""

    required_arguments = 1
    identifier_attribute: ClassVar[str] = "id"

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        try:
            node[self.identifier_attribute] = model.parse_identifier(self.arguments[0], "the id")
        except model.PolicyInputError as error:
            node[self.identifier_attribute] = self.arguments[0]
            self.note_error(str(error), "identifier")


class PolicyDeclaration(IdentifiedDirective):
    node_class = policy_nodes.policy_declaration
    required_options = ("version",)
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "version": _TEXT,
        "effective": _TEXT,
        "updated": _TEXT,
        "domains": _TEXT,
        "language": _TEXT,
    }

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        super().fill(node)
        node["version"] = self.checked("version", model.parse_version, "version") or ""
        node["effective"] = self.checked("effective", model.parse_date, "date-value")
        node["updated"] = self.checked("updated", model.parse_date, "date-value")
        node["domains"] = self.checked("domains", _domains, "domain") or []
        node["source_language"] = self.checked("language", model.parse_language, "language") or "en"


def _written_options(block_text: str) -> list[str]:
    """The names of the ':name: value' lines that open a directive's block, as written."""
    names = []
    for line in block_text.splitlines()[1:]:
        match = re.match(r":([A-Za-z][A-Za-z0-9-]*):", line)
        if not match:
            break
        names.append(match.group(1))
    return names


def _domains(value: str) -> list[str]:
    return [model.normalise_domain(part) for part in model.parse_list(value)]


class ControllerDeclaration(PolicyDirective):
    node_class = policy_nodes.controller_declaration
    required_options = ("name",)
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        option: _TEXT
        for option in (
            "name",
            "org-number",
            "country",
            "address",
            "email",
            "phone",
            "dpo-name",
            "dpo-email",
            "dpo-phone",
        )
    }

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        node["name"] = (self.options.get("name") or "").strip()
        country = self.checked("country", model.parse_country, "country")
        node["country"] = country
        node["org_number"] = self.checked(
            "org-number", lambda value: model.parse_org_number(value, country), "org-number"
        )
        node["address"] = _plain(self.options.get("address"))
        node["email"] = self.checked("email", model.parse_email, "email")
        node["phone"] = _plain(self.options.get("phone"))
        dpo = {
            "name": _plain(self.options.get("dpo-name")),
            "email": self.checked("dpo-email", model.parse_email, "email"),
            "phone": _plain(self.options.get("dpo-phone")),
        }
        node["dpo"] = {key: value for key, value in dpo.items() if value} or None


def _plain(value: str | None) -> str | None:
    return " ".join(value.split()) if value and value.strip() else None


class AuthorityDeclaration(PolicyDirective):
    node_class = policy_nodes.authority_declaration
    required_options = ("name",)
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "name": _TEXT,
        "country": _TEXT,
        "url": _TEXT,
    }

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        node["name"] = (self.options.get("name") or "").strip()
        node["country"] = self.checked("country", model.parse_country, "country")
        node["url"] = self.checked("url", model.parse_url, "url")


# Options that only the record of processing activities shows (GDPR Art. 30), and
# the internal field each fills.  They are option values, not content, so gettext
# never extracts them and no translator or reader sees them.
INTERNAL_OPTIONS = {
    "security-measures": "security_measures",
    "owner": "owner",
    "dpia": "dpia",
    "lia": "lia",
    "internal-note": "note",
}


def _internal(options: dict[str, Any]) -> model.Internal:
    values = {field: _plain(options.get(option)) for option, field in INTERNAL_OPTIONS.items()}
    return {
        "security_measures": values["security_measures"],
        "owner": values["owner"],
        "dpia": values["dpia"],
        "lia": values["lia"],
        "note": values["note"],
    }


class RecipientDeclaration(IdentifiedDirective):
    node_class = policy_nodes.recipient_declaration
    required_options = ("role",)
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "name": _TEXT,
        "role": _TEXT,
        "country": _TEXT,
        **dict.fromkeys(INTERNAL_OPTIONS, _TEXT),
    }

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        super().fill(node)
        node["internal"] = _internal(self.options)
        node["name"] = _plain(self.options.get("name"))
        node["role"] = self.checked(
            "role",
            lambda value: model.parse_code(value, model.RECIPIENT_ROLES, "recipient role"),
            "recipient-role",
        )
        node["country"] = self.checked("country", model.parse_country, "country")


class ActivityDeclaration(IdentifiedDirective):
    node_class = policy_nodes.activity_declaration
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "legal-basis": _TEXT,
        "retention": _TEXT,
        "recipients": _TEXT,
        **dict.fromkeys(INTERNAL_OPTIONS, _TEXT),
    }

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        super().fill(node)
        node["internal"] = _internal(self.options)
        node["legal_bases"] = (
            self.checked(
                "legal-basis",
                lambda value: model.parse_codes(value, model.LEGAL_BASES, "legal basis"),
                "legal-basis",
            )
            or []
        )
        node["retention"] = self.checked("retention", model.parse_duration, "duration")
        node["recipients"] = (
            self.checked(
                "recipients",
                lambda value: [model.parse_identifier(part, "recipient id") for part in model.parse_list(value)],
                "identifier",
            )
            or []
        )


class ActivityField(PolicyDirective):
    """``policy-purposes``, ``policy-data`` and the other blocks of an activity."""

    node_class = policy_nodes.activity_field
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}
    field: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        if not self.content:
            self.note_error("the block is empty: write the text inside it.", "missing-field")
        return super().run()

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        node["field"] = self.field
        # The words as written, before translation: checks read these.
        node["source_text"] = " ".join(" ".join(self.content).split())


def _field_directive(field: str) -> type[ActivityField]:
    return type(f"ActivityField_{field}", (ActivityField,), {"field": field})


# The directive names authors write, and the record field each one fills.
ACTIVITY_FIELDS = {
    "policy-purposes": "purposes",
    "policy-data": "personal_data",
    "policy-subjects": "data_subjects",
    "policy-sources": "sources",
    "policy-legitimate-interest": "legitimate_interest",
    "policy-retention": "retention",
}


class TransferDeclaration(PolicyDirective):
    node_class = policy_nodes.transfer_declaration
    required_options = ("country",)  # a missing safeguard is a fact the checks report
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "country": _TEXT,
        "safeguard": _TEXT,
    }

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        node["country"] = self.checked("country", model.parse_country, "country")
        node["safeguard"] = self.checked(
            "safeguard",
            lambda value: model.parse_code(value, model.TRANSFER_SAFEGUARDS, "transfer safeguard"),
            "safeguard",
        )


class CookieTable(PolicyDirective):
    node_class = policy_nodes.cookie_table
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"consent": _TEXT}

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        node["consent"] = self.checked(
            "consent",
            lambda value: model.parse_choice(value, model.COOKIE_CONSENT_MECHANISMS, "consent mechanism"),
            "consent",
        )


class StatementDeclaration(PolicyDirective):
    node_class = policy_nodes.statement_declaration
    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        if not self.content:
            self.note_error("the statement is empty: write what the policy says as its content.", "missing-field")
        return super().run()

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        try:
            node["topic"] = model.parse_choice(self.arguments[0], model.STATEMENT_TOPICS, "statement topic")
        except model.PolicyInputError as error:
            node["topic"] = self.arguments[0]
            self.note_error(str(error), "statement")


class VersionDeclaration(PolicyDirective):
    node_class = policy_nodes.version_declaration
    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"date": _TEXT}

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        try:
            node["version"] = model.parse_version(self.arguments[0])
        except model.PolicyInputError as error:
            node["version"] = self.arguments[0]
            self.note_error(str(error), "version")
        node["date"] = self.checked("date", model.parse_date, "date-value")


class WaiverDeclaration(PolicyDirective):
    node_class = policy_nodes.waiver_declaration
    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {}

    def run(self) -> list[nodes.Node]:
        if not "".join(self.content).strip():
            self.note_error(
                "a check can only be waived with a written reason: write it as the directive's content.",
                "missing-field",
            )
        return super().run()

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        node["code"] = self.arguments[0].strip()


class CookieDeclaration(PolicyDirective):
    node_class = policy_nodes.cookie_declaration
    required_arguments = 1
    required_options = ("provider", "domain", "category", "lifetime")
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "provider": _TEXT,
        "domain": _TEXT,
        "category": _TEXT,
        "lifetime": _TEXT,
        "party": _TEXT,
    }

    def run(self) -> list[nodes.Node]:
        if not self.content:
            self.note_error("the purpose is missing: write it as the directive's content.", "missing-field")
        return super().run()

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        name = self.arguments[0].strip()
        try:
            name = model.parse_cookie_name(name)
        except model.PolicyInputError as error:
            self.note_error(str(error), "cookie-name")
        node["name"] = name
        node["provider"] = _plain(self.options.get("provider"))
        node["domain"] = self.checked("domain", model.normalise_domain, "domain")
        node["category"] = self.checked(
            "category",
            lambda value: model.parse_code(value, model.COOKIE_CATEGORIES, "cookie category"),
            "category",
        )
        node["lifetime"] = self.checked(
            "lifetime", lambda value: model.parse_duration(value, allow_session=True), "duration"
        )
        node["party"] = self.checked("party", lambda value: model.parse_choice(value, model.PARTIES, "party"), "party")


class RightsDeclaration(PolicyDirective):
    node_class = policy_nodes.rights_declaration
    required_options = ("rights",)
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"rights": _TEXT}

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        node["codes"] = (
            self.checked("rights", lambda value: model.parse_codes(value, model.RIGHTS, "right"), "right") or []
        )


DIRECTIVES: dict[str, type[PolicyDirective]] = {
    "policy": PolicyDeclaration,
    "policy-controller": ControllerDeclaration,
    "policy-authority": AuthorityDeclaration,
    "policy-recipient": RecipientDeclaration,
    "policy-activity": ActivityDeclaration,
    "policy-transfer": TransferDeclaration,
    "policy-cookies": CookieTable,
    "policy-cookie": CookieDeclaration,
    "policy-rights": RightsDeclaration,
    "policy-statement": StatementDeclaration,
    "policy-version": VersionDeclaration,
    "policy-waiver": WaiverDeclaration,
    **{name: _field_directive(field) for name, field in ACTIVITY_FIELDS.items()},
}
