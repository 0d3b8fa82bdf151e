"""Background work: slow things (report recomputation, PDFs, large imports,
e-mail) run as tasks of Django's tasks framework (django-tasks, database
backend) in `localaction worker` processes, never inside a web request.

What this app adds to the framework: tasks that are tried again when they fail
(`tasks.background`), tasks given back to the queue when their worker dies
(`worker.py`), progress that any process can read (`progress.py`), and the
secretariat's view of the queue with a way to run a failed task again.
"""
