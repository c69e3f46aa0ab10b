import threading

from celery import current_app

from config.celery import app


def test_every_thread_sends_tasks_through_the_project_app():
    seen = []
    thread = threading.Thread(target=lambda: seen.append(current_app._get_current_object()))
    thread.start()
    thread.join()
    assert seen == [app]


def test_email_has_a_queue_of_its_own_and_flags_keep_the_default():
    from config.celery import app

    route = app.amqp.router.route
    assert route({}, "notifications.send")["queue"].name == "notifications"
    assert route({}, "notifications.expiry_reminders")["queue"].name == "notifications"
    assert route({}, "grants.recompute_agency_eligibility")["queue"].name == app.conf.task_default_queue
    # A worker started without -Q (development, the tests) serves both.
    assert {queue.name for queue in app.conf.task_queues} == {"celery", "notifications"}
