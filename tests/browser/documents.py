"""Background documents in the browser: follow a document link to its page, press the
format's button and wait for the download link the page then shows."""

from playwright.sync_api import expect


def made(page, link_testid: str, kind: str, fmt: str = "pdf") -> str:
    """The download link of document `kind` (its page reached through `link_testid`)."""
    page.goto(page.get_by_test_id(link_testid).first.get_attribute("href"))
    widget = page.get_by_test_id(f"document-{kind}")
    widget.locator(f"form[data-format={fmt}] button").click()
    link = widget.locator(f"form[data-format={fmt}] + .document-status").get_by_test_id("document-download")
    expect(link).to_be_visible(timeout=60_000)
    href = link.get_attribute("href")
    page.go_back()
    return href
