"""ContactRequest, moved here from the `cancercenter` app without touching the database.

The table stays as it was (`cancercenter_contactrequest`):
only Django's idea of which app owns it changes.
`cancercenter` 0005 drops it from that app's state and moves its content type here,
so permissions, admin history and notifications that point at it keep working.
"""

import cancercenter.submissions.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cancercenter', '0004_phone_and_single_line_validators'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ContactRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reference', models.CharField(db_index=True, editable=False, max_length=20, unique=True, verbose_name='reference')),
                        ('client_key', models.UUIDField(editable=False, help_text='One-time key from the signed form token; stops double submissions.', null=True, unique=True)),
                        ('status', models.CharField(choices=[('new', 'New'), ('in_progress', 'In progress'), ('done', 'Done')], db_index=True, default='new', max_length=20, verbose_name='status')),
                        ('internal_notes', models.TextField(blank=True, help_text='Only staff see these notes. The person who wrote in never does.', verbose_name='internal notes')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='received')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('closed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='closed')),
                        ('topic', models.CharField(choices=[('appointment', 'An appointment or a second opinion'), ('travel', 'Travel and lodging'), ('international', 'Help for international patients'), ('billing', 'Billing and financial help'), ('trials', 'Clinical trials'), ('other', 'Something else')], max_length=20, verbose_name='how can we help?')),
                        ('name', models.CharField(max_length=200, validators=[cancercenter.submissions.validators.validate_single_line], verbose_name='your name')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                        ('phone', models.CharField(blank=True, max_length=40, validators=[cancercenter.submissions.validators.validate_single_line, cancercenter.submissions.validators.validate_phone], verbose_name='phone')),
                        ('preferred_method', models.CharField(choices=[('email', 'Email'), ('phone', 'Phone')], default='email', max_length=10, verbose_name='how should we contact you?')),
                        ('preferred_time', models.CharField(choices=[('any', 'Any time'), ('morning', 'Morning (8 a.m. to noon)'), ('afternoon', 'Afternoon (noon to 5 p.m.)'), ('evening', 'Early evening (5 to 7 p.m.)')], default='any', max_length=10, verbose_name='best time to reach you')),
                        ('message', models.TextField(max_length=2000, verbose_name='your message')),
                        ('consent', models.BooleanField(default=False, verbose_name='consent to be contacted')),
                        ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned to')),
                    ],
                    options={
                        'verbose_name': 'contact request',
                        'verbose_name_plural': 'contact requests',
                        'db_table': 'cancercenter_contactrequest',
                        'ordering': ['-created_at'],
                        'abstract': False,
                        'constraints': [models.CheckConstraint(condition=models.Q(('consent', True)), name='contact_requires_consent'), models.CheckConstraint(condition=models.Q(('email', ''), ('phone', ''), _negated=True), name='contact_has_email_or_phone')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
