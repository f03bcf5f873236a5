"""JSON-LD for a policy page: schema.org for the document, DPV for its processing.

DPV ships no JSON-LD context, so the context below defines every term we use,
with ``"@type": "@id"`` where a value is an IRI and no ``@vocab``: a term we
forgot to define is dropped by a JSON-LD processor instead of being given an
invented IRI, and the tests catch it.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_policy import model
from sphinx_policy.publishing import addresses
from sphinx_policy.publishing.html import add_head_tags
from sphinx_policy.source.domain import policy_domain

SCHEMA = "https://schema.org/"
TECH = "https://w3id.org/dpv/tech#"

CONTEXT: dict[str, Any] = {
    "schema": SCHEMA,
    "dpv": model.DPV,
    "eu-gdpr": model.GDPR,
    "tech": TECH,
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "WebPage": "schema:WebPage",
    "DigitalDocument": "schema:DigitalDocument",
    "Organization": "schema:Organization",
    "PropertyValue": "schema:PropertyValue",
    "GovernmentOrganization": "schema:GovernmentOrganization",
    "name": "schema:name",
    "legalName": "schema:legalName",
    "email": "schema:email",
    "telephone": "schema:telephone",
    "address": "schema:address",
    "identifier": "schema:identifier",
    "propertyID": "schema:propertyID",
    "value": "schema:value",
    "url": {"@id": "schema:url", "@type": "@id"},
    "inLanguage": "schema:inLanguage",
    "version": "schema:version",
    "dateModified": {"@id": "schema:dateModified", "@type": "xsd:date"},
    "datePublished": {"@id": "schema:datePublished", "@type": "xsd:date"},
    "mainEntity": "schema:mainEntity",
    "publisher": "schema:publisher",
    "encoding": "schema:encoding",
    "MediaObject": "schema:MediaObject",
    "contentUrl": {"@id": "schema:contentUrl", "@type": "@id"},
    "encodingFormat": "schema:encodingFormat",
    "Process": "dpv:Process",
    "Purpose": "dpv:Purpose",
    "PersonalData": "dpv:PersonalData",
    "DataSubject": "dpv:DataSubject",
    "Recipient": "dpv:Recipient",
    "StorageDuration": "dpv:StorageDuration",
    "Cookie": "tech:Cookie",
    "hasProcess": {"@id": "dpv:hasProcess", "@container": "@set"},
    "hasDataController": "dpv:hasDataController",
    "hasPurpose": {"@id": "dpv:hasPurpose", "@container": "@set"},
    "hasLegalBasis": {"@id": "dpv:hasLegalBasis", "@type": "@id", "@container": "@set"},
    "hasPersonalData": {"@id": "dpv:hasPersonalData", "@container": "@set"},
    "hasDataSubject": {"@id": "dpv:hasDataSubject", "@container": "@set"},
    "hasRecipient": {"@id": "dpv:hasRecipient", "@container": "@set"},
    "hasStorageCondition": "dpv:hasStorageCondition",
    "hasDuration": {"@id": "dpv:hasDuration", "@type": "xsd:duration"},
    "hasRight": {"@id": "dpv:hasRight", "@type": "@id", "@container": "@set"},
    "hasAuthority": "dpv:hasAuthority",
    "hasThirdCountry": "dpv:hasThirdCountry",
    "hasTechnology": {"@id": "dpv:hasTechnology", "@container": "@set"},
    "isImplementedByEntity": "dpv:isImplementedByEntity",
    "description": "dct:description",
}


def policy_graph(policy: model.Policy, page_url: str, feed_url: str) -> dict[str, Any]:
    """The JSON-LD document for one policy page, built from its record only."""
    document_id = f"{page_url}#policy"
    controller = policy["controller"]
    publisher: dict[str, Any] | None = None
    if controller is not None:
        publisher = {
            "@type": "Organization",
            "@id": f"{page_url}#controller",
            "legalName": controller["name"],
            "name": controller["name"],
        }
        if controller["org_number"]:
            publisher["identifier"] = {
                "@type": "PropertyValue",
                "propertyID": f"{controller['country']}-org-number" if controller["country"] else "org-number",
                "value": controller["org_number"],
            }
        for key, field in (("email", "email"), ("telephone", "phone"), ("address", "address")):
            if controller[field]:  # type: ignore[literal-required]
                publisher[key] = controller[field]  # type: ignore[literal-required]
    processes = [_process(activity, policy, page_url) for activity in policy["activities"]]
    document: dict[str, Any] = {
        "@type": "DigitalDocument",
        "@id": document_id,
        "name": policy["title"],
        "inLanguage": policy["language"],
        "version": policy["version"],
        "encoding": {"@type": "MediaObject", "contentUrl": feed_url, "encodingFormat": "application/json"},
        "hasProcess": processes,
    }
    if publisher is not None:
        document["publisher"] = publisher
        document["hasDataController"] = {"@id": publisher["@id"]}
    if policy["updated"]:
        document["dateModified"] = policy["updated"]
    if policy["effective"]:
        document["datePublished"] = policy["effective"]
    if policy["rights"]:
        document["hasRight"] = [model.RIGHTS[code].iri for code in policy["rights"]["codes"]]
    if policy["general_legal_bases"]:
        # Bases the policy names without tying them to any of its processes.
        document["hasLegalBasis"] = [model.LEGAL_BASES[code].iri for code in policy["general_legal_bases"]["codes"]]
    if policy["authority"]:
        authority: dict[str, Any] = {"@type": "GovernmentOrganization", "name": policy["authority"]["name"]}
        if policy["authority"]["url"]:
            authority["url"] = policy["authority"]["url"]
        document["hasAuthority"] = authority
    if policy["cookies"]:
        document["hasTechnology"] = [_cookie(cookie) for cookie in policy["cookies"]]
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "@id": page_url,
        "url": page_url,
        "name": policy["title"],
        "inLanguage": policy["language"],
        "mainEntity": document,
    }


def _process(activity: model.Activity, policy: model.Policy, page_url: str) -> dict[str, Any]:
    recipients = {recipient["id"]: recipient for recipient in policy["recipients"]}
    process: dict[str, Any] = {
        "@type": "Process",
        "@id": f"{page_url}#activity-{activity['id']}",
        "name": activity["name"],
        "hasPurpose": [
            _coded("Purpose", purpose, code)
            for purpose, code in zip(
                activity["purposes"], _codes(activity["purpose_codes"], activity["purposes"]), strict=True
            )
        ],
        # The conditions of Art. 9(2) are legal bases in DPV, beside those of Art. 6(1).
        "hasLegalBasis": [model.LEGAL_BASES[code].iri for code in activity["legal_bases"]]
        + [model.dpv.special_conditions()[code].iri for code in activity["special_conditions"]],
        "hasPersonalData": [
            _coded("PersonalData", item, code)
            for item, code in zip(
                activity["personal_data"], _codes(activity["data_codes"], activity["personal_data"]), strict=True
            )
        ],
        "hasDataSubject": [{"@type": "DataSubject", "description": item} for item in activity["data_subjects"]],
        "hasRecipient": [
            {
                "@type": "Recipient",
                "name": recipients[code]["name"] or recipients[code]["description"],
            }
            for code in activity["recipients"]
            if code in recipients
        ],
    }
    if activity["description"]:
        process["description"] = activity["description"]
    retention = activity["retention"]
    if retention is not None:
        condition: dict[str, Any] = {"@type": "StorageDuration"}
        if retention["duration"]:
            condition["hasDuration"] = retention["duration"]
        if retention["criterion"]:
            condition["description"] = retention["criterion"]
        process["hasStorageCondition"] = condition
    if activity["transfers"]:
        process["hasThirdCountry"] = [transfer["country"] for transfer in activity["transfers"]]
    return process


def _codes(codes: list[str | None], items: list[str]) -> list[str | None]:
    return (list(codes) + [None] * len(items))[: len(items)]


def _coded(kind: str, text: str, code: str | None) -> dict[str, Any]:
    """A purpose or data item: its words, and the DPV concept it is an instance of when coded."""
    return {"@type": [kind, model.dpv.iri(code)] if code else kind, "description": text}


def _cookie(cookie: model.Cookie) -> dict[str, Any]:
    item: dict[str, Any] = {
        "@type": "Cookie",
        "name": cookie["name"],
        "description": cookie["purpose"],
        "isImplementedByEntity": {"@type": "Organization", "name": cookie["provider"]},
        "hasPurpose": [{"@id": model.COOKIE_CATEGORIES[cookie["category"]].iri}] if cookie["category"] else [],
    }
    if cookie["lifetime"] and cookie["lifetime"] != model.SESSION:
        item["hasStorageCondition"] = {"@type": "StorageDuration", "hasDuration": cookie["lifetime"]}
    return item


def script_element(graph: dict[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` element that no policy text can break.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so ``</script>`` or ``<!--``
    inside a string can neither close the element nor start a comment.
    """
    text = json.dumps(graph, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    policy = policy_domain(app.env).policies.get(pagename)
    if policy is None:
        return
    # Relative IRIs resolve against the page itself, so without a base URL
    # they are written relative to the page, as its links are.
    target = app.builder.get_target_uri(pagename)
    base = app.config.html_baseurl
    if base:
        page_iri = addresses.absolute(base, target)
        feed_iri = addresses.absolute(base, addresses.feed_path(policy["id"]))
    else:
        page_iri = posixpath.basename(target)
        feed_iri = context["pathto"](addresses.feed_path(policy["id"]), resource=True)
    add_head_tags(context, [script_element(policy_graph(policy, page_iri, feed_iri))])


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _on_html_page_context)
