"""Extension requests of a case's deadline, longer action names in the
timeline, and the notifications of extensions and of outcomes told to the
reporter."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_case_visit'),
        ('orgs', '0002_unit_coordinates_on_the_globe'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='caseevent',
            name='action',
            field=models.CharField(max_length=24, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('new', 'New case'), ('emergency', 'Emergency'), ('escalated', 'Escalated'), ('dispatched', 'Dispatched'), ('returned', 'Returned'), ('resolved', 'Resolved'), ('reopened', 'Reopened'), ('urged', 'Urged'), ('reminder', 'Deadline near'), ('overdue', 'Overdue'), ('supervised', 'Supervised'), ('extension_asked', 'Extension requested'), ('extension_answer', 'Extension decided'), ('closed', 'Closed'), ('cancelled', 'Cancelled'), ('merged', 'Merged')], max_length=16, verbose_name='kind'),
        ),
        migrations.CreateModel(
            name='CaseExtension',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_at', models.DateTimeField(verbose_name='requested at')),
                ('previous_due_at', models.DateTimeField(blank=True, null=True, verbose_name='deadline before')),
                ('due_at', models.DateTimeField(verbose_name='new deadline asked for')),
                ('reason', models.TextField(max_length=2000, verbose_name='reason')),
                ('status', models.CharField(choices=[('pending', 'Waiting for a decision'), ('granted', 'Granted'), ('refused', 'Refused')], default='pending', max_length=16, verbose_name='status')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('note', models.TextField(blank=True, max_length=2000, verbose_name='note')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='extensions', to='cases.case')),
                ('decided_by', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('decider_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='extension_decisions', to='orgs.orgunit', verbose_name='decided by the office')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='orgs.orgunit')),
            ],
            options={
                'verbose_name': 'extension request',
                'verbose_name_plural': 'extension requests',
                'ordering': ['requested_at', 'id'],
                'indexes': [models.Index(condition=models.Q(('status', 'pending')), fields=['decider_unit'], name='extension_pending_by_unit')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('case',), name='extension_one_pending_per_case')],
            },
        ),
    ]
