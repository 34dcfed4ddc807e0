"""The web console (`GET /_galleryrp`) in headless Chromium: resources created through ARM appear in its tree, their
requests in its journal view; a fault rule added through its form takes effect; its health view reads the node. Each
run saves one screenshot per view, to $GALLERYRP_SCREENSHOTS when set (`GALLERYRP_SCREENSHOTS=docs/images` refreshes
the README's pictures), else to a temporary directory."""
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ROOT, free_port

SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"
AUTH = {"Authorization": "Bearer console-test"}
IMAGES = ROOT / os.environ["GALLERYRP_SCREENSHOTS"] if os.environ.get("GALLERYRP_SCREENSHOTS") else None
RG, GALLERY, IMAGE = "rg-console", "consoleGallery", "ubuntu-2204"
ADMIN_TOKEN = "console-admin-token-0123456789"


def chromium_paths() -> tuple[str, str]:
    """The system Chromium and its driver (Debian's chromium and chromium-driver); Selenium Manager never downloads."""
    browser = next((path for path in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                    if path and os.path.exists(path)), None)
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not browser or not os.path.exists(driver):
        pytest.fail("the console test needs Chromium and ChromeDriver: apt-get install chromium chromium-driver "
                    "(scripts/test.sh installs them)")
    return browser, driver


@pytest.fixture
def browser():
    binary, driver_path = chromium_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    except WebDriverException as error:
        pytest.fail(f"Chromium did not start through {driver_path}: {error.msg}")
    # The page's viewport, not the window, is 1400 x 900: the screenshots' size.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    yield driver
    driver.quit()


def wait(driver, condition, timeout: float = 10, message: str = ""):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition, message)


def until(condition, timeout: float = 10, message: str = "", interval: float = 0.05):
    """Polls a condition outside the browser."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out: {message}"
        time.sleep(interval)


def css(driver, selector: str):
    return driver.find_element(By.CSS_SELECTOR, selector)


def visible(selector: str):
    """The element when it is displayed (a condition for wait)."""
    def find(driver):
        elements = [e for e in driver.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]
        return elements[0] if elements else False
    return find


def screenshot(driver, name: str) -> None:
    """Saves the viewport, without the transient toasts."""
    directory = IMAGES or Path(tempfile.gettempdir()) / "galleryrp-console"
    directory.mkdir(parents=True, exist_ok=True)
    driver.execute_script("document.getElementById('toasts').replaceChildren(); document.activeElement?.blur();")
    assert driver.save_screenshot(str(directory / name)), name


class ARM:
    """Plain ARM calls over the HTTPS listener, each with its own client request id (as the SDKs send)."""

    def __init__(self, server):
        self.server = server
        self.base = f"{server.url}/subscriptions/{SUBSCRIPTION}/resourceGroups"

    def call(self, method: str, path: str, api_version: str = "2023-07-03", body=None) -> requests.Response:
        headers = {**AUTH, "x-ms-client-request-id": str(uuid.uuid4())}
        return requests.request(method, f"{self.base}/{path}?api-version={api_version}", json=body, headers=headers,
                                verify=self.server.ca, timeout=10)

    def put(self, path: str, body: dict, api_version: str = "2023-07-03") -> None:
        """PUT, then poll its long-running operation (if any) until it ends, as the SDKs do."""
        response = self.call("PUT", path, api_version, body)
        assert response.status_code in (200, 201), response.text
        operation = response.headers.get("Azure-AsyncOperation")
        if operation:
            until(lambda: requests.get(operation, headers=AUTH, verify=self.server.ca, timeout=10).json()["status"] == "Succeeded",
                  message=path, interval=0.2)

    def image(self, rg: str, gallery: str, name: str, os_type: str = "Linux") -> None:
        self.put(f"{rg}/providers/Microsoft.Compute/galleries/{gallery}/images/{name}", {
            "location": "westus", "properties": {
                "osType": os_type, "osState": "Generalized", "hyperVGeneration": "V2",
                "identifier": {"publisher": "contoso", "offer": name, "sku": f"{name}-gen2"}}})


def tree_row(driver, name: str):
    return wait(driver, visible(f'.tree-row[data-name="{name}"]'), message=f"tree row {name}")


def open_tab(driver, view: str) -> None:
    css(driver, f"#tab-{view}").click()
    wait(driver, visible(f"#view-{view}"), message=view)


def test_console_shows_resources_requests_faults_and_health(server_factory, browser):
    http_port = free_port()
    server = server_factory("--http-port", str(http_port), "--operation-duration", "0.3", "--journal-bodies")
    console = f"http://127.0.0.1:{http_port}/_galleryrp"
    arm = ARM(server)

    # The page loads without a token (loopback, permissive), reads the node's health, and has nothing to show yet.
    browser.get(console)
    wait(browser, lambda d: "Healthy" in css(d, "#health-text").text, message="health in the header")
    assert css(browser, "#version").text.startswith("v")
    wait(browser, lambda d: "No subscriptions yet" in css(d, "#tree").text)

    # Resources created through ARM appear in the tree (auto-refresh), down to the image definition.
    arm.put(RG, {"location": "westus"}, api_version="2024-11-01")
    arm.put(f"{RG}/providers/Microsoft.Compute/galleries/{GALLERY}", {"location": "westus",
                                                                       "properties": {"description": "Console test images"}})
    arm.image(RG, GALLERY, IMAGE)
    arm.image(RG, GALLERY, "windows-2022", os_type="Windows")
    arm.put(f"{RG}/providers/Microsoft.Compute/galleries/{GALLERY}/images/{IMAGE}/versions/1.0.0", {
        "location": "westus", "properties": {
            "publishingProfile": {"targetRegions": [{"name": "westus"}]},
            "storageProfile": {"source": {"id": f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{RG}/providers/"
                                                 "Microsoft.Compute/images/baseImage"}}}})
    arm.put("rg-shared", {"location": "eastus"}, api_version="2024-11-01")
    arm.put("rg-shared/providers/Microsoft.Compute/galleries/sharedGallery", {"location": "eastus"})
    tree_row(browser, SUBSCRIPTION).click()
    tree_row(browser, RG).click()
    tree_row(browser, GALLERY).click()
    tree_row(browser, IMAGE).click()
    image_id = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{RG}/providers/Microsoft.Compute/galleries/{GALLERY}/images/{IMAGE}"
    assert css(browser, f'.tree-row[data-name="{IMAGE}"]').get_attribute("data-id") == image_id
    wait(browser, lambda d: css(d, "#resource-name").text == IMAGE, message="the image's detail")
    wait(browser, lambda d: '"provisioningState": "Succeeded"' in css(d, "#resource-json").text)
    json_text = css(browser, "#resource-json").text
    assert f'"id": "{image_id}"' in json_text and '"publisher": "contoso"' in json_text
    assert css(browser, "#resource-state").text == "Succeeded"
    assert "create" in css(browser, "#operation-card").text
    tree_row(browser, "1.0.0")  # selecting the image opened it
    assert "#/resources/subscriptions/" in browser.current_url
    screenshot(browser, "console-resources.png")

    # The journal view lists the PUT, newest first; its row opens the whole entry, bodies included.
    open_tab(browser, "requests")
    put_row = wait(browser, visible(f'#requests-body tr[data-method="PUT"] td.c-path[data-path$="/images/{IMAGE}"]'))
    rows = browser.find_elements(By.CSS_SELECTOR, "#requests-body tr")
    sequences = [int(row.get_attribute("data-seq")) for row in rows]
    assert sequences == sorted(sequences, reverse=True), "newest on top"
    put_row.click()
    drawer = wait(browser, visible("#request-detail"))
    wait(browser, lambda d: '"offer": "ubuntu-2204"' in drawer.text, message="the request body in the entry")
    assert "201 Created" in drawer.text and '"provisioningState": "Creating"' in drawer.text
    css(browser, "#request-filter").send_keys("versions")
    wait(browser, lambda d: all("/versions/" in r.find_element(By.CSS_SELECTOR, "td.c-path").get_attribute("data-path")
                                for r in d.find_elements(By.CSS_SELECTOR, "#requests-body tr") if r.is_displayed()))
    css(browser, "#request-filter").send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)
    wait(browser, lambda d: len([r for r in d.find_elements(By.CSS_SELECTOR, "#requests-body tr") if r.is_displayed()]) == len(rows))
    screenshot(browser, "console-requests.png")

    # A rule the service refuses shows its 400 next to the form; the corrected rule is listed and takes effect.
    open_tab(browser, "faults")
    wait(browser, lambda d: "No fault rules" in css(d, "#faults-empty").text)
    Select(css(browser, "#fault-method")).select_by_value("GET")
    css(browser, "#fault-resource-type").send_keys("Microsoft.Compute/galleries/images")
    css(browser, "#fault-name").send_keys("ubuntu-*")
    probability = css(browser, "#fault-probability")
    probability.clear()
    probability.send_keys("2")
    css(browser, "#fault-submit").click()
    error = wait(browser, visible("#fault-error"), message="the service's error next to the form")
    assert "InvalidFaultRule" in error.text and "probability: must be a number from 0 to 1." in error.text
    probability.clear()
    probability.send_keys("1")
    status = css(browser, "#fault-status")
    status.clear()
    status.send_keys("503")
    css(browser, "#fault-submit").click()
    rule_row = wait(browser, visible("#faults-body tr[data-rule-id]"), message="the new rule")
    wait(browser, lambda d: not css(d, "#fault-error").is_displayed())
    rule_id = rule_row.get_attribute("data-rule-id")
    assert "Error 503 ServiceUnavailable" in rule_row.text and "ubuntu-*" in rule_row.text
    assert css(browser, f'tr[data-rule-id="{rule_id}"] td.hits').text == "0"
    faulted = arm.call("GET", f"{RG}/providers/Microsoft.Compute/galleries/{GALLERY}/images/{IMAGE}")
    assert faulted.status_code == 503 and faulted.json()["error"]["code"] == "ServiceUnavailable", faulted.text
    assert arm.call("GET", f"{RG}/providers/Microsoft.Compute/galleries/{GALLERY}/images/windows-2022").status_code == 200
    wait(browser, lambda d: css(d, f'tr[data-rule-id="{rule_id}"] td.hits').text == "1", message="the rule's hit")
    assert css(browser, "#faults-count").text == "1"
    screenshot(browser, "console-faults.png")

    # Health: the node's document, and its metrics on request.
    open_tab(browser, "health")
    wait(browser, lambda d: "Healthy" in css(d, "#health-status").text)
    cards = css(browser, "#health-cards").text
    assert "sqlite" in cards and "Journal bodies" in cards and "Kept" in cards
    assert css(browser, "#metrics-link").get_attribute("href").endswith("/metrics")
    css(browser, "#metrics-load").click()
    wait(browser, lambda d: "galleryrp_" in css(d, "#metrics-preview").text, message="the metrics preview")
    browser.execute_script("document.getElementById('view-health').scrollTop = 0")
    screenshot(browser, "console-health.png")

    # Deleting the rule through the page lifts the fault; clearing the journal empties the view.
    open_tab(browser, "faults")
    css(browser, f'button.delete-rule[data-rule-id="{rule_id}"]').click()
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "#faults-body tr"), message="the rule deleted")
    assert arm.call("GET", f"{RG}/providers/Microsoft.Compute/galleries/{GALLERY}/images/{IMAGE}").status_code == 200
    open_tab(browser, "requests")
    css(browser, "#clear-requests").click()
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "#requests-body tr"), message="the journal cleared")
    assert requests.get(f"http://127.0.0.1:{http_port}/_galleryrp/requests").json()["value"] == []
    # No script error (the refused rule's 400 is logged by the browser as a failed load, and is expected).
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "Failed to load resource" not in e["message"]]
    assert not errors, errors


def test_console_asks_for_the_admin_token(server_factory, browser):
    http_port = free_port()
    server_factory("--http-port", str(http_port), "--admin-token", ADMIN_TOKEN)
    browser.get(f"http://127.0.0.1:{http_port}/_galleryrp")
    wait(browser, visible("#token-dialog"), message="the token dialog")
    assert "admin token" in css(browser, "#token-reason").text
    css(browser, "#admin-token").send_keys(ADMIN_TOKEN)
    css(browser, "#token-save").click()
    wait(browser, lambda d: "Healthy" in css(d, "#health-text").text, message="health once the token is sent")
    assert browser.execute_script("return sessionStorage.getItem('galleryrp.adminToken')") == ADMIN_TOKEN
    wait(browser, lambda d: "No subscriptions yet" in css(d, "#tree").text)
