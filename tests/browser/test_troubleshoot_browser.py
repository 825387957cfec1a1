"""The "Masih belum aktif?" checklist in real Chromium, with JavaScript on and off."""
import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


def answer(page, label):
    page.get_by_label(label).check()
    page.get_by_role("button", name="Lanjutkan").click()


def did_it(page):
    page.get_by_role("button", name="Sudah saya lakukan, kartu masih belum aktif").click()


def failed(page):
    page.get_by_role("button", name="Tidak berhasil").click()


def outcome(page, title):
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def begin(page):
    page.goto("/")
    page.get_by_role("link", name="Sudah bayar, kartu masih belum aktif?").click()
    page.get_by_role("link", name="Mulai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anda terdaftar sebagai peserta apa?")


def test_paid_more_than_a_day_ago_leads_to_contacting_bpjs(page):
    begin(page)
    answer(page, "Peserta mandiri (membayar iuran sendiri)")
    answer(page, "Sudah")
    answer(page, re.compile("^Lebih dari"))
    did_it(page)
    did_it(page)
    answer(page, "Ya, sudah lunas semua")
    did_it(page)
    outcome(page, "Hubungi BPJS Kesehatan")
    expect(page.get_by_label(re.compile("^Salin teks ini"))).to_have_value(re.compile("Kesimpulan: Hubungi BPJS"))


def test_a_worker_who_left_the_job(page):
    begin(page)
    answer(page, "Pekerja yang didaftarkan kantor (PPU)")
    answer(page, "Sudah berhenti atau pindah kerja")
    outcome(page, "Pindah menjadi peserta mandiri, atau minta kantor baru mendaftarkan Anda")
    page.get_by_role("link", name="Lanjut ke formulir di situs ini").click()
    expect(page).to_have_url(re.compile(r"/daftar/$"))


def test_pbi_then_back_and_change_the_answer(page):
    begin(page)
    answer(page, "Peserta yang iurannya dibayar pemerintah (PBI)")
    failed(page)
    outcome(page, "Kepesertaan PBI Anda nonaktif")
    page.get_by_role("link", name="Kembali").click()
    page.get_by_role("link", name="Kembali").click()
    expect(page.get_by_label("Peserta yang iurannya dibayar pemerintah (PBI)")).to_be_checked()
    answer(page, "Peserta mandiri (membayar iuran sendiri)")
    answer(page, "Belum, atau tidak yakin")
    outcome(page, "Lunasi tunggakan Anda")


def test_progress_survives_a_reload(page):
    begin(page)
    answer(page, "Peserta mandiri (membayar iuran sendiri)")
    answer(page, "Sudah")
    expect(page).to_have_url(re.compile(r"/bantuan/belum-aktif/kapan_bayar$"))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kapan Anda membayar?")
    page.goto("/bantuan/belum-aktif")
    page.get_by_role("link", name="Lanjutkan dari langkah terakhir").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kapan Anda membayar?")


def test_no_accessibility_violations_on_any_kind_of_step(js_page):
    js_page.goto("/bantuan/belum-aktif")
    assert axe_violations(js_page) == []
    begin(js_page)
    assert axe_violations(js_page) == [], "question"
    js_page.get_by_role("button", name="Lanjutkan").click()
    expect(js_page.get_by_role("alert")).to_be_visible()
    assert axe_violations(js_page) == [], "question with an error"
    answer(js_page, "Peserta mandiri (membayar iuran sendiri)")
    answer(js_page, "Sudah")
    answer(js_page, re.compile("^Lebih dari"))
    assert axe_violations(js_page) == [], "check"
    failed(js_page)
    outcome(js_page, "Pembayaran Anda belum berhasil")
    assert axe_violations(js_page) == [], "outcome"


def test_no_accessibility_violations_on_every_step(js_page, live):
    """Walk to each step of the checklist by its first path and check it with axe."""
    from blueprints.troubleshoot.checklist import DONE, FAILED

    with live.app.app_context():
        from blueprints.core.web import content
        checklist = content().checklist
    routes_to = {checklist.start: []}
    queue = [checklist.start]
    while queue:
        name = queue.pop(0)
        step = checklist.steps[name]
        for index, choice in enumerate(step.answers):
            value = (DONE, FAILED)[index] if step.kind == "check" else str(index)
            if choice.next not in routes_to:
                routes_to[choice.next] = [*routes_to[name], (name, value)]
                queue.append(choice.next)
    assert set(routes_to) == set(checklist.steps)
    for name, route in routes_to.items():
        js_page.goto("/bantuan/belum-aktif")
        if js_page.get_by_role("button", name="Mulai ulang").count():
            js_page.get_by_role("button", name="Mulai ulang").click()
        for earlier, value in route:
            js_page.goto(f"/bantuan/belum-aktif/{earlier}")
            if value in (DONE, FAILED):
                js_page.locator(f'button[name="pilihan"][value="{value}"]').click()
            else:
                js_page.locator(f'input[name="pilihan"][value="{value}"]').check()
                js_page.get_by_role("button", name="Lanjutkan").click()
            js_page.wait_for_url(re.compile(rf"/bantuan/belum-aktif/(?!{earlier}$)"))
        js_page.goto(f"/bantuan/belum-aktif/{name}")
        expect(js_page).to_have_url(re.compile(f"/bantuan/belum-aktif/{name}$"))
        assert axe_violations(js_page) == [], name
