#!/bin/sh
# Fold the translations written beside new code (locale/pending/*.{ar,fr}.po) into the ar and
# fr catalogs: makemessages collects every msgid, then msgmerge fills the new ones from the
# pending files. Entries the catalogs already translate keep their translation.
set -eu
# Whatever happens, put the catalogs back and leave no scratch files.
cleanup() {
  for lang in ar fr; do
    [ -f "locale/$lang.keep.po" ] && mv "locale/$lang.keep.po" "locale/$lang/LC_MESSAGES/django.po"
  done
  rm -f locale/django.pot locale/pending.*.tmp
}
trap cleanup EXIT
PY=${PY:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=project.settings DEBUG=1
# makemessages merges with fuzzy matching (wrong guesses): keep the catalogs aside meanwhile.
for lang in ar fr; do cp "locale/$lang/LC_MESSAGES/django.po" "locale/$lang.keep.po"; done
"$PY" manage.py makemessages -l ar -l fr --no-location --keep-pot \
  --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=demo/content -v0
for lang in ar fr; do
  catalog=locale/$lang/LC_MESSAGES/django.po
  mv "locale/$lang.keep.po" "$catalog"
  pending=$(ls locale/pending/*."$lang".po 2>/dev/null || true)
  if [ -n "$pending" ]; then
    # shellcheck disable=SC2086
    msgcat --use-first $pending -o "locale/pending.$lang.tmp"
    msgmerge -q --no-location --no-fuzzy-matching -C "locale/pending.$lang.tmp" \
      -o "$catalog.tmp" "$catalog" locale/django.pot
    mv "$catalog.tmp" "$catalog"
    rm "locale/pending.$lang.tmp"
  else
    msgmerge -q --no-location --no-fuzzy-matching -o "$catalog.tmp" "$catalog" locale/django.pot
    mv "$catalog.tmp" "$catalog"
  fi
done
