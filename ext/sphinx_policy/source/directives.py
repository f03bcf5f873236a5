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
        for option, value in self.options.items():
            if isinstance(value, str) and value.strip() and not model.visible(value):
                self.note_error(
                    f"option {option!r} holds only invisible characters (zero-width spaces or direction "
                    "marks): write its value, or remove the option.",
                    "missing-field",
                )
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
        argument = self.arguments[0] if self.arguments else ""
        shown = repr(argument) if len(argument) <= 80 else repr(argument[:77]) + "..."
        subject = f"{self.name} {shown}" if self.arguments else self.name
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
        "catalogue": _TEXT,
    }

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        super().fill(node)
        node["version"] = self.checked("version", model.parse_version, "version") or ""
        node["effective"] = self.checked("effective", model.parse_date, "date-value")
        node["updated"] = self.checked("updated", model.parse_date, "date-value")
        node["domains"] = self.checked("domains", _domains, "domain") or []
        node["source_language"] = self.checked("language", model.parse_language, "language") or "en"
        node["catalogue"] = (
            self.checked(
                "catalogue",
                lambda value: model.parse_choice(value, model.catalogue.CATALOGUE_MODES, "catalogue use"),
                "catalogue",
            )
            or "fill"
        )


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
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "name": _TEXT,
        "role": _TEXT,
        "country": _TEXT,
        "service": _TEXT,
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
        node["service"] = self.checked("service", model.catalogue.parse_service, "service")
        if not self.options.get("role", "").strip() and "role" not in model.catalogue.facts(node["service"]):
            self.note_error("the 'role' option is missing: add ':role: ...' to the directive.", "missing-field")


class ActivityDeclaration(IdentifiedDirective):
    node_class = policy_nodes.activity_declaration
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "legal-basis": _TEXT,
        "special-condition": _TEXT,
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
        node["special_conditions"] = (
            self.checked("special-condition", model.dpv.parse_special_conditions, "special-condition") or []
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
        kind = CODED_FIELDS.get(self.field)
        # DPV codes, one per item in item order: options are not translated, so
        # the reader's words stay translatable content and the codes stay the same.
        node["codes"] = (
            self.checked("codes", lambda value: model.dpv.parse_item_codes(value, kind), "dpv-code") if kind else None
        )


# The blocks whose items can carry DPV codes (``:codes:``), and the DPV list of each.
CODED_FIELDS = {"purposes": "purposes", "personal_data": "data"}


def _field_directive(field: str) -> type[ActivityField]:
    option_spec = {"codes": _TEXT} if field in CODED_FIELDS else {}
    return type(f"ActivityField_{field}", (ActivityField,), {"field": field, "option_spec": option_spec})


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
