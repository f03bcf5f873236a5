"""The directives for what a policy says as a whole: cookies, rights, legal bases listed for
the whole policy, statements, versions and waivers (the activity's own are in ``directives``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes

from sphinx_policy import model

from . import declarations as policy_nodes
from .directives import (
    _TEXT,
    ACTIVITY_FIELDS,
    ActivityDeclaration,
    AuthorityDeclaration,
    ControllerDeclaration,
    PolicyDeclaration,
    PolicyDirective,
    RecipientDeclaration,
    TransferDeclaration,
    _field_directive,
    _plain,
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
            node["topic"] = model.parse_choice(
                self.arguments[0], model.STATEMENT_TOPICS + model.OPTIONAL_STATEMENT_TOPICS, "statement topic"
            )
        except model.PolicyInputError as error:
            node["topic"] = self.arguments[0]
            self.note_error(str(error), "statement")


class VersionDeclaration(PolicyDirective):
    node_class = policy_nodes.version_declaration
    required_arguments = 1
    # How much the version changes decides whether it is announced ahead of time, so it is never guessed.
    required_options = ("impact",)
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"date": _TEXT, "impact": _TEXT, "notice-reason": _TEXT}

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        try:
            node["version"] = model.parse_version(self.arguments[0])
        except model.PolicyInputError as error:
            node["version"] = self.arguments[0]
            self.note_error(str(error), "version")
        node["date"] = self.checked("date", model.parse_date, "date-value")
        node["impact"] = self.checked(
            "impact", lambda value: model.parse_choice(value, model.VERSION_IMPACTS, "impact"), "version"
        )
        reason = self.options.get("notice-reason")
        if reason is not None and not reason.strip():
            self.note_error("option 'notice-reason' is empty: say why the notice is shorter, or remove it.", "version")
        node["notice_reason"] = " ".join((reason or "").split())


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
    # The provider too, unless a catalogued :service: names it (source/records.py).
    required_options = ("domain", "category", "lifetime")
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "provider": _TEXT,
        "domain": _TEXT,
        "category": _TEXT,
        "lifetime": _TEXT,
        "party": _TEXT,
        "storage": _TEXT,
        "path": _TEXT,
        "opt-out": _TEXT,
        "service": _TEXT,
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
        node["storage"] = self.checked("storage", model.parse_storage, "storage")
        node["path"] = self.checked("path", model.parse_cookie_path, "path")
        node["opt_out"] = self.checked("opt-out", model.parse_url, "url")
        node["service"] = self.checked("service", model.catalogue.parse_service, "service")
        if not node["provider"] and not self.options.get("service", "").strip():
            self.note_error("the 'provider' option is missing: add ':provider: ...' to the directive.", "missing-field")


class RightsDeclaration(PolicyDirective):
    node_class = policy_nodes.rights_declaration
    required_options = ("rights",)
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"rights": _TEXT}

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        node["codes"] = (
            self.checked("rights", lambda value: model.parse_codes(value, model.RIGHTS, "right"), "right") or []
        )


class LegalBasesDeclaration(PolicyDirective):
    """The legal bases a policy lists in one place without tying them to its activities."""

    node_class = policy_nodes.legal_bases_declaration
    required_options = ("legal-basis",)
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"legal-basis": _TEXT}

    def fill(self, node: policy_nodes.PolicyElement) -> None:
        node["codes"] = (
            self.checked(
                "legal-basis",
                lambda value: model.parse_codes(value, model.LEGAL_BASES, "legal basis"),
                "legal-basis",
            )
            or []
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
    "policy-legal-bases": LegalBasesDeclaration,
    "policy-statement": StatementDeclaration,
    "policy-version": VersionDeclaration,
    "policy-waiver": WaiverDeclaration,
    **{name: _field_directive(field) for name, field in ACTIVITY_FIELDS.items()},
}
