from django.db import migrations


def add_nations(apps, schema_editor):
    from releases.countries import COUNTRIES

    PartnerNation = apps.get_model("releases", "PartnerNation")
    for code, name_en, name_fr in COUNTRIES:
        PartnerNation.objects.update_or_create(
            code=code, defaults={"name_en": name_en, "name_fr": name_fr}
        )


class Migration(migrations.Migration):
    dependencies = [("releases", "0001_initial")]

    operations = [migrations.RunPython(add_nations, migrations.RunPython.noop)]
