import threading

from celery import current_app

from config.celery import app


def test_every_thread_sends_tasks_through_the_project_app():
    seen = []
    thread = threading.Thread(target=lambda: seen.append(current_app._get_current_object()))
    thread.start()
    thread.join()
    assert seen == [app]
