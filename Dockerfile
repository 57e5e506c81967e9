FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

# Pango for WeasyPrint, gettext for the catalogues, curl for the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 gettext curl \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv

WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN PRODUCTION=0 python manage.py compilemessages --ignore=.venv \
    && PRODUCTION=0 STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput

RUN useradd --create-home essaim && mkdir -p /app/media && chown essaim /app/media
USER essaim

EXPOSE 8000
CMD ["gunicorn", "accelerator.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
