"""Create the role groups. Their model permissions are set after migrate by
council.roles.sync_role_permissions, from what each app declares."""

from django.db import migrations

from council.roles import ensure_role_groups


def create_role_groups(apps, schema_editor):
    ensure_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("council", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
