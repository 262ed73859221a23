"""The resident's phone on a case becomes personal data like any other:
encrypted at rest. Existing rows are encrypted in place (and decrypted again
when the migration is reversed)."""

from django.db import migrations, models

import members.personal

BATCH = 1000


def _rewrite(apps, convert):
    Case = apps.get_model("cases", "Case")
    rows = Case.objects.exclude(resident_phone="").only("pk", "resident_phone")
    batch = []
    for case in rows.iterator(chunk_size=BATCH):
        case.resident_phone = convert(case.resident_phone)
        batch.append(case)
        if len(batch) == BATCH:
            Case.objects.bulk_update(batch, ["resident_phone"])
            batch = []
    if batch:
        Case.objects.bulk_update(batch, ["resident_phone"])


def encrypt_phones(apps, schema_editor):
    _rewrite(apps, members.personal.encrypt)


def decrypt_phones(apps, schema_editor):
    _rewrite(apps, members.personal.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_fewer_indexes"),
    ]

    operations = [
        # A plain text column first (ciphertext is longer than 20
        # characters), rewritten row by row, then read through the
        # encrypting field.
        migrations.AlterField(
            model_name="case",
            name="resident_phone",
            field=models.TextField(blank=True, verbose_name="resident's phone"),
        ),
        migrations.RunPython(encrypt_phones, decrypt_phones, elidable=False),
        migrations.AlterField(
            model_name="case",
            name="resident_phone",
            field=members.personal.EncryptedTextField(
                blank=True, max_length=20, verbose_name="resident's phone"
            ),
        ),
    ]
