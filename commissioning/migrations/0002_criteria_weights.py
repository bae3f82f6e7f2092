"""The council-wide weights of the six priority criteria (see commissioning/weights.py)."""

from django.db import migrations

from commissioning.weights import seed_weights


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0001_initial")]

    operations = [migrations.RunPython(seed_weights, migrations.RunPython.noop)]
