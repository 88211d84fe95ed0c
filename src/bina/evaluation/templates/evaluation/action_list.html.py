BBBBBBB BBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Tindak lanjut evaluasi') BBBBBBBB
BBBBB BBBBBBB
XXXX XXXXXXXXXXXXXXXXX XXXXXXBBB BBBBBBBBBBBBBBBBBBBBBBBBBXX gettext(u'Evaluasi program') XXXX X  gettext(u'Tindak lanjut') XXXXXX
XXXX XXXXXXXXXXXXXXXXXXXXXXXXXXX gettext(u'Tindak lanjut evaluasi') BB BBBB BBBBBXXXXX
XXXX XXXXXXXXXXXXXX gettext(u'Rekomendasi dari laporan evaluasi, dengan penanggung jawab dan batas waktu. Yang lewat batas waktu ditandai merah.') XXXXXXXXXXXXXXXXXX
BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB BBBBBBBBB
BBBBBBBB
