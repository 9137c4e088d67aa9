"""Fund and GiftPledge, moved here from the `cancercenter` app without touching the database.

The table stays as it was (`cancercenter_fund`, `cancercenter_giftpledge`):
only Django's idea of which app owns it changes.
`cancercenter` 0005 drops it from that app's state and moves its content type here,
so permissions, admin history and notifications that point at it keep working.
"""

import cancercenter.submissions.validators
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
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
                    name='Fund',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('slug', models.SlugField(help_text='Used in links such as /give/?fund=this-slug to preselect the fund.', max_length=120, unique=True, verbose_name='slug')),
                        ('description', models.CharField(blank=True, help_text='One sentence shown under the name on the gift form.', max_length=300, verbose_name='description')),
                        ('is_active', models.BooleanField(default=True, help_text='Untick to stop new gifts to this fund. Past gifts keep it.', verbose_name='shown on the gift form')),
                        ('order', models.PositiveSmallIntegerField(default=0, help_text='Lower numbers come first on the gift form.', verbose_name='order')),
                    ],
                    options={
                        'verbose_name': 'fund',
                        'verbose_name_plural': 'funds',
                        'db_table': 'cancercenter_fund',
                        'ordering': ['order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='GiftPledge',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reference', models.CharField(db_index=True, editable=False, max_length=20, unique=True, verbose_name='reference')),
                        ('client_key', models.UUIDField(editable=False, help_text='One-time key from the signed form token; stops double submissions.', null=True, unique=True)),
                        ('status', models.CharField(choices=[('new', 'New'), ('in_progress', 'In progress'), ('done', 'Done')], db_index=True, default='new', max_length=20, verbose_name='status')),
                        ('internal_notes', models.TextField(blank=True, help_text='Only staff see these notes. The person who wrote in never does.', verbose_name='internal notes')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='received')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('closed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='closed')),
                        ('amount', models.DecimalField(decimal_places=2, max_digits=10, validators=[django.core.validators.MinValueValidator(Decimal('1'))], verbose_name='amount')),
                        ('frequency', models.CharField(choices=[('once', 'One time'), ('monthly', 'Monthly')], default='once', max_length=10, verbose_name='how often')),
                        ('tribute', models.CharField(choices=[('none', 'No'), ('honor', 'Yes, in honor of someone'), ('memory', 'Yes, in memory of someone')], default='none', max_length=10, verbose_name='is this gift in honor or in memory of someone?')),
                        ('honoree_name', models.CharField(blank=True, max_length=200, validators=[cancercenter.submissions.validators.validate_single_line], verbose_name='their name')),
                        ('notify_name', models.CharField(blank=True, max_length=200, validators=[cancercenter.submissions.validators.validate_single_line], verbose_name='name of the person to tell')),
                        ('notify_email', models.EmailField(blank=True, max_length=254, verbose_name='their email')),
                        ('notify_address', models.TextField(blank=True, max_length=500, verbose_name='their postal address')),
                        ('name', models.CharField(max_length=200, validators=[cancercenter.submissions.validators.validate_single_line], verbose_name='your name')),
                        ('email', models.EmailField(max_length=254, verbose_name='email')),
                        ('phone', models.CharField(blank=True, max_length=40, validators=[cancercenter.submissions.validators.validate_single_line, cancercenter.submissions.validators.validate_phone], verbose_name='phone')),
                        ('address', models.TextField(max_length=500, verbose_name='postal address')),
                        ('anonymous', models.BooleanField(default=False, verbose_name='keep my gift anonymous')),
                        ('employer', models.CharField(blank=True, max_length=200, validators=[cancercenter.submissions.validators.validate_single_line], verbose_name='employer')),
                        ('message', models.TextField(blank=True, max_length=1000, verbose_name='message')),
                        ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned to')),
                        ('fund', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to='giving.fund', verbose_name='fund')),
                    ],
                    options={
                        'verbose_name': 'gift pledge',
                        'verbose_name_plural': 'gift pledges',
                        'db_table': 'cancercenter_giftpledge',
                        'ordering': ['-created_at'],
                        'abstract': False,
                        'constraints': [models.CheckConstraint(condition=models.Q(('amount__gte', Decimal('1'))), name='gift_amount_at_least_one'), models.CheckConstraint(condition=models.Q(('tribute', 'none'), models.Q(('honoree_name', ''), _negated=True), _connector='OR'), name='gift_tribute_has_honoree')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
