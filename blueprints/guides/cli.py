"""Editors' commands: flask content check, flask content new."""
import datetime
import sys
from pathlib import Path

import click
import yaml
from flask import current_app
from markdown.extensions.toc import slugify_unicode

from blueprints.core import clock
from blueprints.guides import bp
from blueprints.guides.check import check_content


@bp.cli.group("content")
def content_cli():
    """Guides, figures and the checklist under content/."""


@content_cli.command("check")
def check():
    """Report every mistake in content/ with its file and line; exit 1 on errors."""
    max_age = datetime.timedelta(days=current_app.config["CONTENT_SOURCE_MAX_AGE_DAYS"])
    errors, warnings = check_content(Path(current_app.config["CONTENT_DIR"]), current_app.url_map,
                                     Path(current_app.root_path) / "static", clock.today(), max_age)
    for problem in errors:
        click.echo(f"SALAH  {problem}")
    for problem in warnings:
        click.echo(f"AWAS   {problem}")
    click.echo(f"{len(errors)} kesalahan, {len(warnings)} peringatan")
    sys.exit(1 if errors else 0)


@content_cli.command("new")
@click.argument("title")
@click.option("--category", default="persiapan", show_default=True, help="a slug from content/data/categories.yml")
def new(title, category):
    """Create content/guides/<slug>.md with its front matter, as a draft."""
    slug = slugify_unicode(title, "-").encode("ascii", "ignore").decode() or "panduan-baru"
    path = Path(current_app.config["CONTENT_DIR"]) / "guides" / f"{slug}.md"
    if path.exists():
        raise click.ClickException(f"{path} sudah ada: pilih judul lain")
    today = clock.today()
    front = {"title": title, "summary": "Satu atau dua kalimat tentang isi panduan ini.", "category": category,
             "order": 99, "updated": today, "draft": True,
             "sources": [{"title": "Nama sumber", "url": "https://www.bpjs-kesehatan.go.id/", "checked": today}]}
    matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)  # quotes "Iuran: cara bayar"
    path.write_text(f"---\n{matter}---\nTulis isi panduan di sini.\n\n## Bagian pertama\n\nIsi bagian pertama.\n",
                    encoding="utf-8")
    click.echo(f"{path} dibuat (draft: true). Hapus baris draft bila sudah siap terbit.")
