"""Partners: agreements (MoU/PKS), partner programmes, degree study."""
