from tests.conftest import BuiltSite


def test_site_builds_without_warnings(site: BuiltSite) -> None:
    assert site.warnings == {"en": "", "nb": "", "sv": ""}
    assert (site.html / "policies" / "weme.html").is_file()
