"""The household lists' indexes (docs/scaling.md, session 7).

- `household_list_order` (head_sort_key, code, id, group, status) replaces the index on head_sort_key alone:
  the lists order by exactly those three columns, so a page's ids (page 81 of a 5,000-household ward: OFFSET
  4,000) come from an index-only scan in order instead of reading and sorting the ward's rows.
- On PostgreSQL, a trigram index on `search_text` (extension pg_trgm, trusted since PostgreSQL 13: a database
  owner may create it; shipped in Debian's postgresql-15): a search's `LIKE '%word%'` on the folded words then
  reads the rows holding the words' trigrams, not every row of the scope. The planner still scans the scope
  when that is cheaper (a table of many wards and a common word). Nothing on SQLite.
"""

from django.db import migrations, models

TRIGRAM_INDEX = "household_search_trgm"


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON registry_household USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")  # the extension stays: others may use it


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_household_member_limit"),
        ("units", "0002_graphversion"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="household",
            name="household_head_sort_key",
        ),
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["head_sort_key", "code", "id", "group", "status"], name="household_list_order"),
        ),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
