"""SearchSynonym, moved here from the `cancercenter` app without touching the database.

The table stays as it was (`cancercenter_searchsynonym`):
only Django's idea of which app owns it changes.
`cancercenter` 0005 drops it from that app's state and moves its content type here,
so permissions, admin history and notifications that point at it keep working.
"""

import django.contrib.postgres.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cancercenter', '0004_phone_and_single_line_validators'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SearchSynonym',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('terms', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=100), help_text='Words or phrases that mean the same, separated by commas, for example: BMT, bone marrow transplant, stem cell transplant. A search for any one of them also finds pages that use the others.', size=None, verbose_name='terms')),
                        ('note', models.CharField(blank=True, help_text='Optional: why these belong together.', max_length=200, verbose_name='note')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        'verbose_name': 'search synonym group',
                        'verbose_name_plural': 'search synonym groups',
                        'db_table': 'cancercenter_searchsynonym',
                        'ordering': ['id'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('terms__len__gte', 2)), name='search_synonym_has_two_terms', violation_error_message='A synonym group needs at least two terms.')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
