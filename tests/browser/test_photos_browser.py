"""Camera photos on a slow phone connection, in real Chromium with JavaScript on: each photo is
made small before it is sent, the page shows upload progress, and sending can be cancelled
without losing the chosen photos. (Without JavaScript the originals go, as the family journey
in test_apply_new_browser.py shows with the same camera photos.)"""
import re

from playwright.sync_api import expect

from tests.browser.test_apply_browser import heading, next_page
from tests.browser.test_apply_new_browser import photo_files, to_documents  # noqa: F401  (photo_files: fixture)
from tests.camera import MB

SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1024 / 8,
           "uploadThroughput": 400 * 1024 / 8}  # 400 kbps, 400 ms: the profile of issue 11


def choose_photos(page, photo_files):  # noqa: F811
    for label, kind in (("Foto KTP", "ktp"), ("Foto Kartu Keluarga", "kk"), ("Swafoto (foto diri Anda)", "swafoto")):
        page.get_by_label(label).set_input_files(photo_files[kind])
    for kind in ("ktp", "kk", "swafoto"):
        expect(page.locator(f"#{kind}-diperkecil")).to_contain_text("Diperkecil di HP Anda sebelum dikirim")


def test_camera_photos_are_made_small_on_the_phone_before_they_are_sent(js_page, photo_files):  # noqa: F811
    to_documents(js_page)
    choose_photos(js_page, photo_files)
    sizes = js_page.evaluate("['ktp', 'kk', 'swafoto'].map(id => document.getElementById(id).files[0].size)")
    originals = [photo_files[kind].stat().st_size for kind in ("ktp", "kk", "swafoto")]
    assert sum(originals) > 8 * MB and all(size < 1.2 * MB for size in sizes), (originals, sizes)
    with js_page.expect_request(lambda request: request.url.endswith("/daftar/dokumen")) as sent:
        next_page(js_page)
    assert int((sent.value.all_headers())["content-length"]) < 3.5 * MB  # what really went over the wire
    heading(js_page, "Persetujuan penggunaan data")


def test_lanjutkan_pressed_while_photos_are_being_made_small_sends_the_small_ones(js_page, photo_files):  # noqa: F811
    to_documents(js_page)
    cpu = js_page.context.new_cdp_session(js_page)
    cpu.send("Emulation.setCPUThrottlingRate", {"rate": 4})  # a cheap phone
    posts = []
    js_page.on("request", lambda r: posts.append(r) if r.method == "POST" and r.url.endswith("/daftar/dokumen") else 0)
    for label, kind in (("Foto KTP", "ktp"), ("Foto Kartu Keluarga", "kk"), ("Swafoto (foto diri Anda)", "swafoto")):
        js_page.get_by_label(label).set_input_files(photo_files[kind])
    assert js_page.locator("form[data-shrinking]").count() == 1  # pressed before the photos were made small,
    next_page(js_page)
    next_page(js_page)  # and again, as an impatient thumb does
    heading(js_page, "Persetujuan penggunaan data")
    assert len(posts) == 1 and int(posts[0].all_headers()["content-length"]) < 3.5 * MB


def test_a_slow_upload_shows_its_progress_and_can_be_cancelled(js_page, photo_files):  # noqa: F811
    to_documents(js_page)
    choose_photos(js_page, photo_files)
    network = js_page.context.new_cdp_session(js_page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", SLOW_3G)
    next_page(js_page)
    progress = js_page.locator(".upload-progress")
    expect(progress).to_be_visible()
    # the bar moves with what has been sent (a percentage past 0), short of 100 while it is still going
    expect(js_page.get_by_label("Mengirim foto…")).to_have_attribute("value", re.compile(r"^[1-9]\d?$"), timeout=10_000)
    js_page.get_by_role("button", name="Batalkan pengiriman").click()
    expect(progress).to_be_hidden()
    heading(js_page, "Foto dokumen")
    assert js_page.evaluate("document.getElementById('ktp').files.length") == 1  # still chosen
    network.send("Network.emulateNetworkConditions", {**SLOW_3G, "latency": 0, "downloadThroughput": -1,
                                                        "uploadThroughput": -1})
    next_page(js_page)
    heading(js_page, "Persetujuan penggunaan data")
