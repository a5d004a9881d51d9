"""The household lists' indexes (docs/scaling.md, session 7).

- `household_list_order` (head_sort_key, code, id, group, status) replaces the index on head_sort_key alone:
  the lists order by exactly those three columns, so a page's ids (page 81 of a 5,000-household ward: OFFSET
  4,000) come from an index-only scan in order instead of reading and sorting the ward's rows.
- `household_search` (group, search_text, head_sort_key, code, id): a search's `LIKE '%word%'` on the folded
  words is checked on the index entries of the scope's groups, and its matches are counted and ordered without
  reading the table (an index-only scan of the ward's entries). A pg_trgm index was measured instead: as good on
  a table of two wards, 10x slower on one of a hundred (PostgreSQL combined it with the scope index and read the
  trigram candidates of the whole table).
"""

from django.db import migrations, models


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
        migrations.AddIndex(
            model_name="household",
            index=models.Index(fields=["group", "search_text", "head_sort_key", "code", "id"], name="household_search"),
        ),
    ]
