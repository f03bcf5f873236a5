"""A deterministic corpus of synthetic but realistic privacy policies, in three variants.

Every policy is drawn from word lists with ``random.Random(seed + index)``, so the same
seed and index give the same policy in every variant and on every machine:

``policy``
    MyST with the ``policy-*`` directives, built with ``sphinx_policy`` (pages, feeds,
    transparency reports, consent demos).
``plain``
    The same words as plain MyST (headings, bullet lists, a cookie table), built by
    Sphinx with ``myst_parser`` only: the baseline of the overhead figure.
``needs``
    The same words, with one sphinx-needs ``need`` per activity and per cookie carrying
    the same fields as options, and the needs.json export switched on: the peer.

A policy has about 15 processing activities, 25 cookies and 3,000 words of text a
reader sees (the defaults of :class:`Shape`).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

VARIANTS = ("policy", "plain", "needs")

# --- word lists ---------------------------------------------------------------

# fmt: off

NAME_STEMS = (
    "Nord", "Fjord", "Vest", "Sol", "Berg", "Lys", "Havn", "Skog", "Elv", "Tind", "Vik", "Dal",
    "Bre", "Ask", "Lind", "Storm", "Mø", "Kyst", "Øy", "Fjell", "Aur", "Snø", "Vind", "Gran",
)
NAME_TAILS = (
    "tech", "data", "handel", "helse", "reise", "bygg", "læring", "media", "energi", "finans",
    "logistikk", "mat", "sport", "bolig", "kraft", "design", "nett", "forsikring", "klinikk", "analyse",
)
LEGAL_FORMS = ("AS", "AS", "AS", "ASA", "SA", "AB")
STREETS = (
    "Storgata", "Kirkegata", "Dronningens gate", "Strandveien", "Sjøgata", "Parkveien", "Industriveien",
    "Fjordalléen", "Kongens gate", "Torggata", "Markveien", "Havnegata",
)
TOWNS = (
    ("0155", "Oslo"), ("5003", "Bergen"), ("7011", "Trondheim"), ("4006", "Stavanger"), ("9008", "Tromsø"),
    ("3015", "Drammen"), ("4611", "Kristiansand"), ("1606", "Fredrikstad"), ("2317", "Hamar"), ("8006", "Bodø"),
)
GIVEN_NAMES = ("Kari", "Ola", "Ingrid", "Lars", "Silje", "Anders", "Marte", "Jonas", "Hanne", "Erik", "Nora", "Emil")
FAMILY_NAMES = ("Nordmann", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Berg", "Haugen", "Bakke", "Lie")

# (id, heading, what the activity is about, the people it concerns, where the data comes from)
ACTIVITIES = (
    ("newsletter", "Newsletter", "our newsletter", "Newsletter subscribers", "You, when you sign up"),
    ("contact-form", "Contact form", "the contact form on our website", "People who contact us", "You, in the form"),
    ("customer-accounts", "Customer accounts", "your customer account", "Customers", "You, when you register"),
    ("orders", "Orders and delivery", "the orders you place", "Customers", "You, when you place an order"),
    ("invoicing", "Invoicing and accounting", "invoices and bookkeeping", "Customers", "Our order system"),
    ("support", "Customer support", "our customer support", "Customers", "You, when you ask for help"),
    ("web-analytics", "Website statistics", "statistics about our website", "Website visitors", "Your browser"),
    ("marketing", "Marketing campaigns", "our marketing campaigns", "Customers and prospects", "Our CRM system"),
    ("recruitment", "Recruitment", "job applications", "Job applicants", "You, when you apply"),
    ("events", "Events and courses", "events and courses", "Participants", "You, when you register"),
    ("security", "Security of our services", "the security of our services", "Users", "Our servers"),
    ("fraud-prevention", "Fraud prevention", "the prevention of fraud", "Customers", "Our payment provider"),
    ("surveys", "Customer surveys", "customer surveys", "Customers who answer", "You, in the survey"),
    ("loyalty", "Loyalty programme", "our loyalty programme", "Members", "You, when you join"),
    ("app-usage", "Use of our app", "the use of our app", "App users", "The app on your device"),
    ("product-development", "Product development", "the development of our products", "Users", "Our logs"),
    ("social-media", "Our social media pages", "our pages on social media", "Followers", "The social network"),
    ("video-meetings", "Video meetings", "video meetings with us", "Meeting participants", "The meeting service"),
    ("payments", "Payments", "payments", "Customers", "You and our payment provider"),
    ("debt-collection", "Debt collection", "unpaid invoices", "Customers in arrears", "Our accounting system"),
    ("backups", "Backups", "backups of our systems", "Users", "Our systems"),
    ("user-research", "User research", "interviews and user tests", "Test participants", "You, in the session"),
    ("chat", "Chat", "the chat on our website", "People who chat with us", "You, in the chat"),
    ("webinars", "Webinars", "our webinars", "Webinar participants", "You, when you register"),
    ("bookings", "Bookings", "appointments you book", "Customers", "You, in the booking form"),
    ("access-control", "Access to our offices", "access to our offices", "Visitors", "Our reception"),
    ("whistleblowing", "Whistleblowing", "reports of misconduct", "Whistleblowers", "You, in the report"),
    ("partners", "Partners and suppliers", "our partners and suppliers", "Contact persons", "Our partners"),
    ("complaints", "Complaints", "complaints about our services", "Customers", "You, when you complain"),
    ("referrals", "Referrals", "our referral scheme", "Customers and friends", "The customer who refers you"),
)

DATA = (
    "Name", "Email address", "Phone number", "Postal address", "Date of birth", "Customer number",
    "Order history", "Payment details", "IP address", "Device identifiers", "Browser type and version",
    "Language settings", "Pages visited", "Time of visit", "Content of messages", "Job title", "Employer",
    "CV and application letter", "References", "Survey answers", "Account settings", "Login times",
    "Recordings of calls", "Delivery address", "Invoice details", "Bank account number", "Photos from events",
    "Dietary requirements", "Location at city level", "Log of requests", "Chat transcripts", "Username",
)
DATA_PHRASES = (
    "your name and contact details", "your email address", "your phone number", "your order history",
    "the content of your messages", "your IP address", "information about the device you use",
    "the pages you visit", "your answers", "your account settings", "your payment details",
    "your delivery address", "your customer number", "the time and duration of your visit",
    "your application and CV", "notes from our conversations with you", "your login history",
)
VERBS = ("collect", "store", "use", "process", "record", "keep", "register", "review")
WHEN = (
    "when you sign up", "when you contact us", "when you place an order", "while you use our app",
    "each time you log in", "when you visit our website", "when you attend one of our events",
    "when you apply for a job with us", "when you answer one of our surveys", "when you call our support",
    "when you book an appointment", "when you pay an invoice", "when you take part in a test",
)
GOALS = (
    "answer your questions", "deliver what you ordered", "improve our services", "keep our systems secure",
    "meet our duties under the Bookkeeping Act", "send you offers that are relevant to you",
    "understand how our website is used", "prevent and detect fraud", "give you the help you asked for",
    "plan our events", "assess your application", "keep your account working", "handle your complaint",
    "document what we have agreed with you", "fix errors in our products",
)
QUALIFIERS = (
    "Where possible,", "In most cases,", "As a rule,", "Only when it is needed,", "In line with this policy,",
    "To keep things simple,", "For this purpose,", "Like most companies,",
)
STAFF = ("employees", "support staff", "consultants", "managers", "developers", "sales staff")
CONDITIONS = (
    "the law requires it", "you have asked us to", "it is needed to deliver the service",
    "we have a written agreement with them", "you have given your consent",
)
RETENTION_WORDS = (
    "until you unsubscribe", "for as long as you are a customer", "for five years after the end of the year",
    "until your case is closed", "for two years after your last visit", "for three months",
    "for as long as the recruitment process lasts", "for thirty days", "for twelve months",
)
PURPOSES = (
    "Sending you the newsletter you asked for.", "Answering your questions and requests.",
    "Delivering the products and services you ordered.", "Keeping accounts as the law requires.",
    "Measuring how our website is used so that we can improve it.", "Protecting our users against abuse.",
    "Assessing applicants for a position.", "Planning and running events.",
    "Improving our products based on how they are used.", "Showing you relevant advertising.",
    "Preventing fraud and misuse of payment cards.", "Giving you the benefits of the loyalty programme.",
    "Following up unpaid invoices.", "Restoring data after an error or an attack.",
    "Learning what our customers think of us.", "Keeping your account secure.",
)
LEGITIMATE_INTERESTS = (
    "Protecting our users and our systems against attacks.",
    "Understanding how our services are used, so that we can make them better.",
    "Keeping in touch with existing customers about similar products.",
    "Preventing losses from fraud.",
    "Documenting our agreements with partners.",
)
SENTENCE_TEMPLATES = (
    "{qual} we {verb} {data} {when} so that we can {goal}.",
    "We {verb} {data} {when}, and we use it only to {goal}.",
    "Access to {data} is limited to the {staff} who need it for their work.",
    "We do not {verb} {data} for any other purpose than to {goal}.",
    "{Org} shares {data} with others only when {condition}.",
    "We keep {data} {retention}, and then we delete it or make it anonymous.",
    "You can ask us at any time to see {data} and to correct anything that is wrong.",
    "{qual} {data} is stored on servers in the European Economic Area.",
    "If you do not want us to {verb} {data}, tell us and we will stop unless the law requires otherwise.",
    "We never sell {data} to anyone, and we do not use it to {goal2} without asking you first.",
)

# (name, provider (None: the organisation), domain (None: the organisation's), category, lifetime, purpose)
COOKIES = (
    ("session_id", None, None, "necessary", "session", "Keeps you logged in while you use the site."),
    ("csrftoken", None, None, "necessary", "P1Y", "Protects the forms on the site against forged requests."),
    ("cart", None, None, "necessary", "P7D", "Remembers what is in your shopping cart."),
    ("JSESSIONID", None, None, "necessary", "session", "Links your requests to one session on our server."),
    ("AWSALB", "Amazon Web Services", None, "necessary", "P7D", "Sends your requests to the same server."),
    ("__cf_bm", "Cloudflare", None, "necessary", "PT30M", "Tells people from bots."),
    ("__stripe_mid", "Stripe", None, "necessary", "P1Y", "Lets our payment provider prevent fraud."),
    ("__stripe_sid", "Stripe", None, "necessary", "PT30M", "Lets our payment provider prevent fraud."),
    ("lang", None, None, "preferences", "P1Y", "Remembers the language you chose."),
    ("theme", None, None, "preferences", "P1Y", "Remembers whether you prefer a light or dark page."),
    ("currency", None, None, "preferences", "P30D", "Remembers the currency prices are shown in."),
    ("region", None, None, "preferences", "P90D", "Remembers the region you shop from."),
    ("remember_me", None, None, "preferences", "P30D", "Keeps you logged in on this device if you ask us to."),
    ("font_size", None, None, "preferences", "P1Y", "Remembers the text size you chose."),
    ("li_gc", "LinkedIn", ".linkedin.com", "preferences", "P6M", "Stores your cookie choices for LinkedIn."),
    ("intercom-id", "Intercom", None, "preferences", "P9M", "Lets the chat remember earlier conversations."),
    ("_ga", "Google Analytics", None, "statistics", "P2Y", "Counts visits to the website."),
    ("_gid", "Google Analytics", None, "statistics", "PT24H", "Counts visits to the website for a day."),
    ("_gat", "Google Analytics", None, "statistics", "PT1M", "Limits how often statistics are sent."),
    ("_hjid", "Hotjar", None, "statistics", "P1Y", "Recognises you across visits to study how pages are used."),
    ("_clck", "Microsoft Clarity", None, "statistics", "P1Y", "Records how visitors use the website."),
    ("_clsk", "Microsoft Clarity", None, "statistics", "PT24H", "Groups page views into one visit."),
    ("_pk_id", "Matomo", None, "statistics", "P13M", "Counts visits without sharing them with others."),
    ("_pk_ses", "Matomo", None, "statistics", "PT30M", "Groups page views into one visit."),
    ("__hssc", "HubSpot", None, "statistics", "PT30M", "Counts the pages seen in one visit."),
    ("ajs_anonymous_id", "Segment", None, "statistics", "P1Y", "Counts visits to the app."),
    ("_vwo_uuid", "VWO", None, "statistics", "P1Y", "Shows you one version of a page we are testing."),
    ("_fbp", "Meta", None, "marketing", "P3M", "Shows you our advertisements on Facebook and Instagram."),
    ("fr", "Meta", ".facebook.com", "marketing", "P3M", "Measures how our advertisements perform."),
    ("IDE", "Google", ".doubleclick.net", "marketing", "P13M", "Shows you advertisements on other sites."),
    ("test_cookie", "Google", ".doubleclick.net", "marketing", "PT15M", "Checks whether cookies can be set."),
    ("NID", "Google", ".google.com", "marketing", "P6M", "Remembers your settings for Google services."),
    ("_gcl_au", "Google Ads", None, "marketing", "P3M", "Measures what our advertisements lead to."),
    ("MUID", "Microsoft", ".bing.com", "marketing", "P13M", "Recognises your browser across Microsoft sites."),
    ("_uetsid", "Microsoft Bing", None, "marketing", "PT24H", "Measures what our advertisements lead to."),
    ("_uetvid", "Microsoft Bing", None, "marketing", "P13M", "Measures what our advertisements lead to."),
    ("bcookie", "LinkedIn", ".linkedin.com", "marketing", "P1Y", "Recognises your browser on LinkedIn."),
    ("lidc", "LinkedIn", ".linkedin.com", "marketing", "PT24H", "Chooses the LinkedIn data centre."),
    ("YSC", "YouTube", ".youtube.com", "marketing", "session", "Counts views of embedded videos."),
    ("VISITOR_INFO1_LIVE", "YouTube", ".youtube.com", "marketing", "P6M", "Estimates your bandwidth."),
    ("hubspotutk", "HubSpot", None, "marketing", "P6M", "Links your visits to forms you send us."),
    ("__hstc", "HubSpot", None, "marketing", "P6M", "Follows your visits to our website."),
    ("_ttp", "TikTok", ".tiktok.com", "marketing", "P13M", "Measures what our advertisements lead to."),
    ("_pin_unauth", "Pinterest", None, "marketing", "P1Y", "Groups actions of people who are not logged in."),
)
COOKIE_EXTRAS = (
    "It holds no information that identifies you directly.",
    "The value is a random number.",
    "It is set only after you accept cookies of this category.",
    "You can delete it in your browser at any time.",
    "",
    "",
)

# (id, name, role, country, what they do)
RECIPIENTS = (
    ("mail-provider", "Mailchimp (Intuit Inc.)", "processor", "US", "Sends our newsletters on our behalf."),
    ("hosting", "Amazon Web Services EMEA SARL", "processor", "IE", "Hosts our website and our databases."),
    ("crm", "HubSpot Inc.", "processor", "US", "Keeps our customer records."),
    ("payment", "Stripe Payments Europe Ltd.", "controller", "IE", "Handles card payments."),
    ("accounting", "Visma Software AS", "processor", "NO", "Runs our accounting system."),
    ("analytics", "Google Ireland Ltd.", "processor", "IE", "Counts visits to our website for us."),
    ("tax-authority", "The Norwegian Tax Administration", "public-authority", "NO", "Receives what the law requires."),
    ("delivery", "Posten Norge AS", "controller", "NO", "Delivers your parcels."),
    ("support-tool", "Zendesk Inc.", "processor", "US", "Runs our support system."),
    ("debt-collector", "Lindorff AS", "controller", "NO", "Collects unpaid invoices."),
    ("advertising", "Meta Platforms Ireland Ltd.", "joint-controller", "IE", "Shows our advertisements."),
    ("video", "Zoom Video Communications Inc.", "processor", "US", "Runs our video meetings."),
)
LEGAL_BASES = (
    "consent", "contract", "contract", "legal-obligation", "legitimate-interests", "legitimate-interests",
    "public-task", "vital-interests",
)
RETENTIONS = ("P30D", "P3M", "P6M", "P1Y", "P2Y", "P3Y", "P5Y", "P10Y", "P90D", "P13M")
TRANSFERS = (
    ("US", "standard-contractual-clauses", "Our provider stores some data in the United States."),
    ("US", "adequacy-decision", "Our provider is certified under the EU-US Data Privacy Framework."),
    ("IN", "standard-contractual-clauses", "Our support partner works from India."),
    ("GB", "adequacy-decision", "Our provider stores data in the United Kingdom."),
)
# fmt: on
RIGHTS = "access, rectification, erasure, restriction, portability, objection, withdraw-consent, complaint"


@dataclass(frozen=True)
class Shape:
    activities: int = 15
    cookies: int = 25
    recipients: int = 6
    sentences_per_activity: int = 3  # tuned so that a policy has about 3,000 words a reader sees


# --- the model of one policy ----------------------------------------------------


@dataclass
class Activity:
    id: str
    heading: str
    legal_basis: list[str]
    retention: str
    recipients: list[str]
    description: list[str]
    purposes: list[str]
    data: list[str]
    subjects: list[str]
    sources: list[str]
    legitimate_interest: str | None
    retention_words: str
    transfer: tuple[str, str, str] | None


@dataclass
class Cookie:
    name: str
    provider: str
    domain: str
    category: str
    lifetime: str
    purpose: str


@dataclass
class Policy:
    id: str
    org: str
    domain: str
    version: str
    effective: str
    updated: str
    org_number: str
    address: str
    phone: str
    dpo: str
    intro: list[str]
    principles: list[str]
    activities: list[Activity]
    recipients: list[tuple[str, str, str, str, str]]
    cookies: list[Cookie]
    consent: str
    extra: dict[str, list[str]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"Privacy policy of {self.org}"


def org_number(rng: random.Random) -> str:
    """A valid Norwegian organisation number (modulus-11 check digit), grouped as 3 3 3."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        first = "9" + "".join(str(rng.randrange(10)) for _ in range(7))
        check = (11 - sum(int(d) * w for d, w in zip(first, weights, strict=True)) % 11) % 11
        if check != 10:
            digits = first + str(check)
            return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def slug(text: str) -> str:
    table = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "Ø": "o", "Æ": "ae", "Å": "a"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")


def _sentence(rng: random.Random, org: str, goal: str | None = None) -> str:
    template = rng.choice(SENTENCE_TEMPLATES)
    return template.format(
        qual=rng.choice(QUALIFIERS),
        verb=rng.choice(VERBS),
        data=rng.choice(DATA_PHRASES),
        when=rng.choice(WHEN),
        goal=goal or rng.choice(GOALS),
        goal2=rng.choice(GOALS),
        staff=rng.choice(STAFF),
        Org=org,
        condition=rng.choice(CONDITIONS),
        retention=rng.choice(RETENTION_WORDS),
    )


def make_policy(index: int, seed: int = 2024, shape: Shape = Shape(), revision: int = 0) -> Policy:
    """Policy number ``index`` of the corpus; ``revision`` > 0 gives a changed edition of it."""
    rng = random.Random(seed * 1_000_003 + index)
    org = f"{rng.choice(NAME_STEMS)}{rng.choice(NAME_TAILS)} {rng.choice(LEGAL_FORMS)}"
    name_slug = slug(org.rsplit(" ", 1)[0])
    policy_id = f"{name_slug}-{index:04d}"
    domain = f"{name_slug}{index}.no"
    year = rng.randrange(2019, 2025)
    effective = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    updated = f"{year + 1}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    street = f"{rng.choice(STREETS)} {rng.randrange(1, 120)}"
    postcode, town = rng.choice(TOWNS)
    dpo = f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
    recipients = rng.sample(RECIPIENTS, shape.recipients)
    recipient_ids = [recipient[0] for recipient in recipients]

    activities = []
    for activity_id, heading, about, subjects, source in rng.sample(ACTIVITIES, shape.activities):
        bases = [rng.choice(LEGAL_BASES)]
        if rng.random() < 0.15:
            bases.append(rng.choice([b for b in LEGAL_BASES if b != bases[0]]))
        goal = rng.choice(GOALS)
        description = [f"This section explains how we handle personal data in connection with {about}."]
        description += [_sentence(rng, org, goal if i % 3 == 0 else None) for i in range(shape.sentences_per_activity)]
        activities.append(
            Activity(
                id=activity_id,
                heading=heading,
                legal_basis=bases,
                retention=rng.choice(RETENTIONS),
                recipients=sorted(rng.sample(recipient_ids, rng.randrange(0, 3))),
                description=description,
                purposes=rng.sample(PURPOSES, rng.randrange(2, 5)),
                data=rng.sample(DATA, rng.randrange(3, 8)),
                subjects=[subjects],
                sources=[f"{source}."]
                + (
                    [f"{rng.choice(['Public registers', 'Our partners', 'Credit agencies'])}."]
                    if rng.random() < 0.3
                    else []
                ),
                legitimate_interest=rng.choice(LEGITIMATE_INTERESTS) if "legitimate-interests" in bases else None,
                retention_words=f"We keep the data {rng.choice(RETENTION_WORDS)}, and at most as long as the "
                f"retention period above allows. {_sentence(rng, org)}",
                transfer=rng.choice(TRANSFERS) if rng.random() < 0.25 else None,
            )
        )

    cookies = []
    for name, provider, cookie_domain, category, lifetime, purpose in rng.sample(COOKIES, shape.cookies):
        extra = rng.choice(COOKIE_EXTRAS)
        cookies.append(
            Cookie(
                name=name,
                provider=provider or org,
                domain=cookie_domain or rng.choice([f".{domain}", f"www.{domain}", f"app.{domain}"]),
                category=category,
                lifetime=lifetime,
                purpose=f"{purpose} {extra}".strip(),
            )
        )

    intro = [
        f"{org} processes personal data about you whenever you deal with us: when you use our products and "
        f"services on {domain}, when you visit our website, or when you get in touch with us some other way.",
        "This policy explains which personal data we collect, why we collect it and which rights you have. "
        + " ".join(_sentence(rng, org) for _ in range(3)),
    ]
    principles = [_sentence(rng, org) for _ in range(6)]
    if revision:
        intro.append(f"This policy was revised ({revision}) to describe our services more clearly.")
        activities[0].description.append(f"We updated this section in revision {revision}.")
    return Policy(
        id=policy_id,
        org=org,
        domain=domain,
        version=updated,
        effective=effective,
        updated=updated,
        org_number=org_number(rng),
        address=f"{street}, {postcode} {town}, Norway",
        phone=f"+47 {rng.randrange(20, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}",
        dpo=dpo,
        intro=intro,
        principles=principles,
        activities=activities,
        recipients=recipients,
        cookies=cookies,
        consent=rng.choice(["opt-in", "opt-in", "opt-in", "opt-out", "browser-settings"]),
    )


# --- the three renderings --------------------------------------------------------


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _email(policy: Policy, box: str) -> str:
    return f"{box}@{policy.domain}"


def _contact_lines(policy: Policy) -> list[str]:
    return [
        f"Name: {policy.org}",
        f"Organisation number: {policy.org_number}",
        "Country: NO",
        f"Address: {policy.address}",
        f"Email: {_email(policy, 'privacy')}",
        f"Phone: {policy.phone}",
        f"Data protection officer: {policy.dpo}, {_email(policy, 'dpo')}",
    ]


def _activity_facts(activity: Activity) -> list[str]:
    facts = [f"Legal basis: {', '.join(activity.legal_basis)}", f"Retention: {activity.retention}"]
    if activity.recipients:
        facts.append(f"Recipients: {', '.join(activity.recipients)}")
    return facts


def _activity_body_plain(activity: Activity) -> str:
    """The blocks of an activity as plain MyST: bold labels, lists and paragraphs."""
    parts = [
        " ".join(activity.description),
        "**Purposes**",
        _bullets(activity.purposes),
        "**Personal data**",
        _bullets(activity.data),
        "**Whose data**",
        _bullets(activity.subjects),
        "**Where the data comes from**",
        _bullets(activity.sources),
    ]
    if activity.legitimate_interest:
        parts += ["**Our legitimate interest**", activity.legitimate_interest]
    parts += ["**How long we keep it**", activity.retention_words]
    if activity.transfer:
        country, safeguard, text = activity.transfer
        parts += ["**Transfer outside the EEA**", f"{text} Country: {country}. Safeguard: {safeguard}."]
    return "\n\n".join(parts)


def _head(policy: Policy) -> str:
    return f"# {policy.title}\n\n{policy.intro[0]}\n\n{' '.join(policy.intro[1:])}\n\n" + _bullets(
        [
            f"Version: {policy.version}",
            f"Effective: {policy.effective}",
            f"Updated: {policy.updated}",
            f"Domains: {policy.domain}, app.{policy.domain}",
        ]
    )


def _statements_text(policy: Policy) -> tuple[str, str]:
    return (
        "We make no decisions about you by automated means alone, and we do not profile you.",
        f"You do not have to give us any data, but without your contact details {policy.org} cannot deliver "
        "the services you ask for.",
    )


def _cookie_table(policy: Policy) -> str:
    rows = ["| Name | Provider | Domain | Category | Lifetime | Purpose |", "|---|---|---|---|---|---|"]
    for cookie in policy.cookies:
        rows.append(
            f"| `{cookie.name}` | {cookie.provider} | {cookie.domain} | {cookie.category} | {cookie.lifetime} "
            f"| {cookie.purpose} |"
        )
    return "\n".join(rows)


def render_plain(policy: Policy) -> str:
    automated, requirement = _statements_text(policy)
    out = [
        _head(policy),
        "## How we handle personal data",
        _bullets(policy.principles),
        "## Who we are",
        _bullets(_contact_lines(policy)),
        f"{policy.org} decides why and how your personal data is processed.",
    ]
    for activity in policy.activities:
        out += [f"## {activity.heading}", _bullets(_activity_facts(activity)), _activity_body_plain(activity)]
    out += ["## Decisions and your duty to give data", automated, requirement, "## Who receives your data"]
    for recipient_id, name, role, country, text in policy.recipients:
        out += [f"**{name}** ({recipient_id}, {role}, {country}): {text}"]
    out += ["## Cookies", f"Consent: {policy.consent}", _cookie_table(policy)]
    out += [
        "## Your rights",
        f"Rights: {RIGHTS}",
        f"Write to {_email(policy, 'privacy')} to use any of these rights.",
        "## Complaints",
        "Datatilsynet (NO), <https://www.datatilsynet.no>",
        "You can complain to the Norwegian Data Protection Authority.",
    ]
    return "\n\n".join(out) + "\n"


def render_needs(policy: Policy) -> str:
    """Plain MyST, with one need per activity and one per cookie carrying the same fields as options."""
    automated, requirement = _statements_text(policy)
    key = policy.id.upper().replace("-", "_")
    out = [
        _head(policy),
        "## How we handle personal data",
        _bullets(policy.principles),
        "## Who we are",
        _bullets(_contact_lines(policy)),
        f"{policy.org} decides why and how your personal data is processed.",
    ]
    for number, activity in enumerate(policy.activities, start=1):
        options = [
            f":id: {key}_A{number:02d}",
            f":activity_id: {activity.id}",
            f":legal_basis: {', '.join(activity.legal_basis)}",
            f":retention: {activity.retention}",
        ]
        if activity.recipients:
            options.append(f":recipients: {', '.join(activity.recipients)}")
        if activity.transfer:
            options += [f":transfer_country: {activity.transfer[0]}", f":transfer_safeguard: {activity.transfer[1]}"]
        out += [
            f"## {activity.heading}",
            f"::::{{activity}} {activity.heading}\n"
            + "\n".join(options)
            + "\n\n"
            + _activity_body_plain(activity)
            + "\n::::",
        ]
    out += ["## Decisions and your duty to give data", automated, requirement, "## Who receives your data"]
    for recipient_id, name, role, country, text in policy.recipients:
        out += [f"**{name}** ({recipient_id}, {role}, {country}): {text}"]
    out += ["## Cookies", f"Consent: {policy.consent}"]
    for number, cookie in enumerate(policy.cookies, start=1):
        out.append(
            f":::{{cookie}} {cookie.name}\n:id: {key}_C{number:02d}\n:provider: {cookie.provider}\n"
            f":domain: {cookie.domain}\n:category: {cookie.category}\n:lifetime: {cookie.lifetime}\n\n"
            f"{cookie.purpose}\n:::"
        )
    out += [
        "## Your rights",
        f"Rights: {RIGHTS}",
        f"Write to {_email(policy, 'privacy')} to use any of these rights.",
        "## Complaints",
        "Datatilsynet (NO), <https://www.datatilsynet.no>",
        "You can complain to the Norwegian Data Protection Authority.",
    ]
    return "\n\n".join(out) + "\n"


def _block(name: str, body: str, fence: str = ":::", argument: str = "", options: list[str] | None = None) -> str:
    """A MyST colon-fence directive."""
    lines = [f"{fence}{{{name}}}" + (f" {argument}" if argument else ""), *(options or [])]
    if body:
        if options:
            lines.append("")
        lines.append(body)
    lines.append(fence)
    return "\n".join(lines)


def render_policy(policy: Policy) -> str:
    automated, requirement = _statements_text(policy)
    out = [
        f"# {policy.title}",
        _block(
            "policy",
            "\n\n".join([policy.intro[0], " ".join(policy.intro[1:])]),
            argument=policy.id,
            options=[
                f":version: {policy.version}",
                f":effective: {policy.effective}",
                f":updated: {policy.updated}",
                f":domains: {policy.domain}, app.{policy.domain}",
                ":language: en",
            ],
        ),
        "## How we handle personal data",
        _bullets(policy.principles),
        "## Who we are",
        _block(
            "policy-controller",
            f"{policy.org} decides why and how your personal data is processed.",
            options=[
                f":name: {policy.org}",
                f":org-number: {policy.org_number}",
                ":country: NO",
                f":address: {policy.address}",
                f":email: {_email(policy, 'privacy')}",
                f":phone: {policy.phone}",
                f":dpo-name: {policy.dpo}",
                f":dpo-email: {_email(policy, 'dpo')}",
            ],
        ),
    ]
    for activity in policy.activities:
        options = [f":legal-basis: {', '.join(activity.legal_basis)}", f":retention: {activity.retention}"]
        if activity.recipients:
            options.append(f":recipients: {', '.join(activity.recipients)}")
        inner = [
            " ".join(activity.description),
            _block("policy-purposes", _bullets(activity.purposes)),
            _block("policy-data", _bullets(activity.data)),
            _block("policy-subjects", _bullets(activity.subjects)),
            _block("policy-sources", _bullets(activity.sources)),
        ]
        if activity.legitimate_interest:
            inner.append(_block("policy-legitimate-interest", activity.legitimate_interest))
        inner.append(_block("policy-retention", activity.retention_words))
        if activity.transfer:
            country, safeguard, text = activity.transfer
            inner.append(_block("policy-transfer", text, options=[f":country: {country}", f":safeguard: {safeguard}"]))
        out += [
            f"## {activity.heading}",
            _block("policy-activity", "\n\n".join(inner), fence="::::", argument=activity.id, options=options),
        ]
    out += [
        "## Decisions and your duty to give data",
        _block("policy-statement", automated, argument="automated-decisions"),
        _block("policy-statement", requirement, argument="requirement"),
        "## Who receives your data",
    ]
    for recipient_id, name, role, country, text in policy.recipients:
        out.append(
            _block(
                "policy-recipient",
                text,
                argument=recipient_id,
                options=[f":name: {name}", f":role: {role}", f":country: {country}"],
            )
        )
    cookie_blocks = [
        _block(
            "policy-cookie",
            cookie.purpose,
            argument=cookie.name,
            options=[
                f":provider: {cookie.provider}",
                f":domain: {cookie.domain}",
                f":category: {cookie.category}",
                f":lifetime: {cookie.lifetime}",
            ],
        )
        for cookie in policy.cookies
    ]
    out += [
        "## Cookies",
        _block("policy-cookies", "\n\n".join(cookie_blocks), fence="::::", options=[f":consent: {policy.consent}"]),
        "## Your rights",
        _block(
            "policy-rights",
            f"Write to {_email(policy, 'privacy')} to use any of these rights.",
            options=[f":rights: {RIGHTS}"],
        ),
        "## Complaints",
        _block(
            "policy-authority",
            "You can complain to the Norwegian Data Protection Authority.",
            options=[":name: Datatilsynet", ":country: NO", ":url: https://www.datatilsynet.no"],
        ),
    ]
    return "\n\n".join(out) + "\n"


RENDERERS = {"policy": render_policy, "plain": render_plain, "needs": render_needs}

# --- projects ----------------------------------------------------------------------

_CONF_COMMON = """project = "bench"
author = "bench"
language = "en"
html_theme = "alabaster"  # the default theme, for every variant: the figures isolate the extensions
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
"""

CONF = {
    "policy": _CONF_COMMON
    + """extensions = ["myst_parser", "sphinx_policy"]
from sphinx_policy.outputs.checks import CHECKS  # noqa: E402
suppress_warnings = [f"policy.{c}" for c in CHECKS]
""",
    "plain": _CONF_COMMON + 'extensions = ["myst_parser"]\n',
    "needs": _CONF_COMMON
    + """extensions = ["myst_parser", "sphinx_needs"]
needs_types = [
    {"directive": "activity", "title": "Processing activity", "prefix": "A_", "color": "#BFD8D2", "style": "node"},
    {"directive": "cookie", "title": "Cookie", "prefix": "C_", "color": "#FEDCD2", "style": "node"},
]
needs_fields = {
    name: {"description": name, "nullable": True}
    for name in (
        "activity_id", "legal_basis", "retention", "recipients", "transfer_country", "transfer_safeguard",
        "provider", "domain", "category", "lifetime",
    )
}
needs_id_regex = "^[A-Z0-9_]{5,}"
needs_build_json = True
""",
}

INDEX = """# Benchmark corpus

Privacy policies of {count} organisations, by the first letter of their name.

```{{toctree}}
:maxdepth: 1

{groups}
```
"""

GROUP = """# Organisations: {letter}

```{{toctree}}
:maxdepth: 1

{entries}
```
"""


def policy_filename(policy: Policy) -> str:
    return f"policies/{policy.id}.md"


def group_key(policy: Policy) -> str:
    return policy.id[0]


def write_project(root: Path, variant: str, count: int, seed: int = 2024, shape: Shape = Shape()) -> list[Policy]:
    """Write a Sphinx project of ``count`` policies in ``variant`` into ``root``; returns the policies.

    The navigation is an A-Z index: the start page lists one page per first letter, and each
    of those lists its policies.  A flat list would put every policy into the sidebar of
    every page (alabaster shows the global toctree), which makes the output of plain Sphinx
    grow with N squared; grouping keeps each sidebar short, as a large real site would.
    """
    (root / "policies").mkdir(parents=True, exist_ok=True)
    (root / "groups").mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(CONF[variant], encoding="utf-8")
    policies = [make_policy(index, seed, shape) for index in range(1, count + 1)]
    groups: dict[str, list[Policy]] = {}
    for policy in policies:
        groups.setdefault(group_key(policy), []).append(policy)
    (root / "index.md").write_text(
        INDEX.format(count=count, groups="\n".join(f"groups/{letter}" for letter in sorted(groups))), encoding="utf-8"
    )
    for letter, members in groups.items():
        entries = "\n".join(f"/policies/{policy.id}" for policy in sorted(members, key=lambda p: p.id))
        (root / "groups" / f"{letter}.md").write_text(
            GROUP.format(letter=letter.upper(), entries=entries), encoding="utf-8"
        )
    render = RENDERERS[variant]
    for policy in policies:
        (root / policy_filename(policy)).write_text(render(policy), encoding="utf-8")
    return policies


def rewrite_policy(
    root: Path, variant: str, index: int, revision: int, seed: int = 2024, shape: Shape = Shape()
) -> Policy:
    """Change policy ``index`` of a written project (a new paragraph in its introduction and first activity)."""
    policy = make_policy(index, seed, shape, revision=revision)
    (root / policy_filename(policy)).write_text(RENDERERS[variant](policy), encoding="utf-8")
    return policy


_DIRECTIVE_LINE = re.compile(r"^\s*(:{3,}|:[a-z_-]+:|```)")


def reader_words(markdown: str) -> int:
    """Words a reader sees: the text without fences, option lines and table rules."""
    words = 0
    for line in markdown.splitlines():
        if _DIRECTIVE_LINE.match(line) or line.startswith("|---"):
            continue
        words += len(re.findall(r"[\w'\u2019-]+", line))
    return words


def corpus_stats(count: int = 20, seed: int = 2024, shape: Shape = Shape()) -> dict[str, float]:
    policies = [make_policy(index, seed, shape) for index in range(1, count + 1)]
    words = [reader_words(render_policy(policy)) for policy in policies]
    return {
        "policies_sampled": count,
        "activity_kinds": len(ACTIVITIES),
        "cookie_kinds": len(COOKIES),
        "activities_per_policy": sum(len(p.activities) for p in policies) / count,
        "cookies_per_policy": sum(len(p.cookies) for p in policies) / count,
        "recipients_per_policy": sum(len(p.recipients) for p in policies) / count,
        "words_per_policy": sum(words) / count,
        "words_min": min(words),
        "words_max": max(words),
        "plain_words_per_policy": sum(reader_words(render_plain(p)) for p in policies) / count,
    }
