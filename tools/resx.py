#!/usr/bin/env python3
"""Writes the UI's resource files: SharedResource.fr.resx from tools/fr.tsv (English key <TAB> French text), and
the neutral SharedResource.resx from tools/en.tsv, which holds only the keys that are not English text themselves
(Role.Owner, Permission.ViewWorkspace ...): every other key is its own English text."""
import os
from xml.sax.saxutils import escape
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def write(tsv, resx):
  rows = [l.rstrip('\n').split('\t') for l in open(os.path.join(root, 'tools', tsv), encoding='utf-8') if l.strip()]
  out = ['<?xml version="1.0" encoding="utf-8"?>', '<root>',
         '  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>',
         '  <resheader name="version"><value>2.0</value></resheader>',
         '  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>',
         '  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>']
  seen = set()
  for key, value in rows:
    if key in seen: raise SystemExit(f'duplicate key in {tsv}: {key}')
    seen.add(key)
    out.append(f'  <data name="{escape(key, {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(value)}</value></data>')
  out.append('</root>')
  open(os.path.join(root, 'src', 'Chorus', 'Platform', 'Resources', resx), 'w', encoding='utf-8').write('\n'.join(out) + '\n')
  print(f'{resx}: {len(rows)} strings')

write('fr.tsv', 'SharedResource.fr.resx')
write('en.tsv', 'SharedResource.resx')
