"""The operator console in a real headless Chromium, as an operator uses it.

Run by Tests/SwgateCLITests/ConsoleBrowserTests.swift:
    python3 console_test.py BASE_URL TOKEN REJECTED_ORDER SCREENSHOT_DIR
Logs in, finds the parcel customs rejected and reads customs' reason, retries a dead message and
sees it queued, and checks that a POST without the session's CSRF token is refused. Prints one
line per step; exits non-zero at the first failure. Screenshots go to SCREENSHOT_DIR.
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

base, token, rejected_order, shots = sys.argv[1:5]
os.makedirs(shots, exist_ok=True)


def fail(message):
    print("FAILED: " + message, flush=True)
    sys.exit(1)


options = Options()
options.binary_location = "/usr/bin/chromium"
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN"]:
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(20)
wait = WebDriverWait(driver, 15)


def present(element_id):
    return wait.until(EC.presence_of_element_located((By.ID, element_id)))
try:
    # Log in (the token, exchanged for the session cookie).
    driver.get(base + "/login?lang=en")
    driver.find_element(By.ID, "name").send_keys("测试员")
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.ID, "login-button").click()
    if present("operator").text != "测试员":
        fail("not logged in")
    cookie = driver.get_cookie("swgate_console")
    if not cookie or not cookie.get("httpOnly") or cookie.get("sameSite") != "Strict":
        fail("the session cookie is not HttpOnly and SameSite=Strict: %r" % cookie)
    print("logged in; the session cookie is HttpOnly, SameSite=Strict", flush=True)
    driver.save_screenshot(os.path.join(shots, "1-overview.png"))

    # The rejected parcel: search its order, open the inventory, read customs' reason.
    driver.get(base + "/search?lang=en")
    field = driver.find_element(By.NAME, "q")
    field.send_keys(rejected_order)
    driver.find_element(By.ID, "find").click()
    wait.until(EC.url_contains("q="))
    present("results")
    rows = driver.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    inventory = [row for row in rows if "CEB621Message" in row.text]
    if not inventory:
        fail("the search for %s shows no inventory: %s" % (rejected_order, [r.text for r in rows]))
    inventory[0].find_element(By.TAG_NAME, "a").click()
    status = present("customs-status").text
    reason = driver.find_element(By.ID, "reason").text
    if not status.startswith("100") or not reason:
        fail("the rejected inventory shows status %r, reason %r" % (status, reason))
    print("rejected parcel %s: %s — %s" % (rejected_order, status, reason), flush=True)
    driver.save_screenshot(os.path.join(shots, "2-rejected-parcel.png"))

    # A dead message, retried from the console, is queued again.
    driver.get(base + "/dead?lang=en")
    boxes = driver.find_elements(By.CSS_SELECTOR, "#results input[type=checkbox]")
    if not boxes:
        fail("no dead message to retry")
    row = boxes[0].find_element(By.XPATH, "./ancestor::tr")
    document = row.find_element(By.TAG_NAME, "a").get_attribute("href")
    message = boxes[0].get_attribute("value")
    driver.save_screenshot(os.path.join(shots, "3-dead-letters.png"))
    boxes[0].click()
    driver.find_element(By.ID, "retry-selected").click()
    notice = present("notice").text
    if notice != "retry: 1":
        fail("the retry's notice says %r" % notice)
    driver.get(document)
    state = present("message-state").text
    if state != "queued":
        fail("the retried message is %r, not queued" % state)
    print("dead message %s retried from the console: now %s" % (message, state), flush=True)
    driver.save_screenshot(os.path.join(shots, "4-retried.png"))

    # A POST without the session's CSRF token, from the logged-in browser, is refused.
    status = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/retry', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
        " body: 'message=" + message + "', credentials: 'same-origin', redirect: 'manual'})"
        ".then(r => done(r.status)).catch(e => done(String(e)));"
    )
    if status != 403:
        fail("a retry without the CSRF token answered %r" % status)
    print("a retry without the CSRF token is refused (403)", flush=True)

    # Chinese by default.
    driver.get(base + "/")
    if "总览" not in driver.find_element(By.TAG_NAME, "h1").text:
        fail("the overview is not in Chinese by default")
    driver.save_screenshot(os.path.join(shots, "5-overview-zh.png"))
    print("pages in Chinese by default, English with ?lang=en", flush=True)
finally:
    driver.quit()
print("OK", flush=True)
