BBBB BBBBXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXXXXXX gettext(u'Aturan yang belum terverifikasi') XXXXX
XX XXXXXXXXXXXX XXXXXXX gettext(u'Aturan berikut belum dikonfirmasi dari teks peraturan yang dibaca (Peraturan BKN 8/2019 Pasal 9–10 dan pemetaan predikat PermenPANRB 6/2022). Aturan disimpan sebagai data (berkas JSON) dan dapat dikoreksi instansi; skor yang memakainya perlu dibaca dengan hati-hati.') XXXX
XXXXBBB B BB BBBBBBBBBBXXXXXXXXXXXXXXXXXXXXXX  XXXXX XXXXXXXXXXXX XXXXXXXXXXXXXXXXXXXXXBBBBBBXXXXXXXXXXX
