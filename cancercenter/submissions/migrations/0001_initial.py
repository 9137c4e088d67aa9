"""Notification (the outbox), moved here from the `cancercenter` app without touching the database.

The table stays as it was (`cancercenter_notification`):
only Django's idea of which app owns it changes.
`cancercenter` 0005 drops it from that app's state and moves its content type here,
so permissions, admin history and notifications that point at it keep working.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cancercenter', '0004_phone_and_single_line_validators'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('reference', models.CharField(db_index=True, max_length=20, verbose_name='reference')),
                        ('audience', models.CharField(choices=[('staff', 'Staff'), ('person', 'The person who wrote in'), ('notified', 'Someone the person asked us to tell')], max_length=10, verbose_name='audience')),
                        ('recipients', models.TextField(help_text='One address per line.', verbose_name='recipients')),
                        ('subject', models.CharField(max_length=250, verbose_name='subject')),
                        ('body', models.TextField(verbose_name='body')),
                        ('status', models.CharField(choices=[('pending', 'Waiting to send'), ('sent', 'Sent'), ('failed', 'Failed: needs attention')], db_index=True, default='pending', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('last_error', models.CharField(blank=True, max_length=500, verbose_name='last error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'db_table': 'cancercenter_notification',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='cancercente_content_e887b2_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
