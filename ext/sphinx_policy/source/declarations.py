"""Doctree nodes that carry a policy's declarations from the parser to the domain.

Each node holds the option values (codes, names, dates) as attributes and the
reader's text as ordinary child nodes, so that the i18n transform translates
the text before the domain turns the nodes into records.  The nodes never reach
a writer: ``rendering`` replaces them with standard nodes once a page is resolved.
"""

from __future__ import annotations

from docutils import nodes


class PolicyElement(nodes.General, nodes.Element):
    """Base of every policy declaration node."""


class policy_declaration(PolicyElement):  # noqa: N801 (docutils node naming)
    """The ``policy`` directive: the policy's identity and dates."""


class controller_declaration(PolicyElement):  # noqa: N801
    pass


class authority_declaration(PolicyElement):  # noqa: N801
    pass


class recipient_declaration(PolicyElement):  # noqa: N801
    pass


class activity_declaration(PolicyElement):  # noqa: N801
    pass


class activity_field(PolicyElement):  # noqa: N801
    """One block of an activity (purposes, personal data, ...); ``field`` names it."""


class transfer_declaration(PolicyElement):  # noqa: N801
    pass


class cookie_table(PolicyElement):  # noqa: N801
    """The ``policy-cookies`` block: becomes the cookie table."""


class cookie_declaration(PolicyElement):  # noqa: N801
    pass


class rights_declaration(PolicyElement):  # noqa: N801
    pass


class legal_bases_declaration(PolicyElement):  # noqa: N801
    """The legal bases a policy lists without tying them to activities (``policy-legal-bases``)."""


class statement_declaration(PolicyElement):  # noqa: N801
    """What the policy says about a topic the checks look for (``topic``)."""


class version_declaration(PolicyElement):  # noqa: N801
    """One entry of the policy's version history: its label, date and summary of changes."""


class waiver_declaration(PolicyElement):  # noqa: N801
    """An author's written reason for not meeting one transparency check."""


ALL_NODES = (
    policy_declaration,
    controller_declaration,
    authority_declaration,
    recipient_declaration,
    activity_declaration,
    activity_field,
    transfer_declaration,
    cookie_table,
    cookie_declaration,
    rights_declaration,
    legal_bases_declaration,
    statement_declaration,
    version_declaration,
    waiver_declaration,
)
