#!/bin/sh
# Exports the real data sets of the sentiment and text-generation examples from Debian's R packages
# (docs/data.md): apt-get install --no-install-recommends r-cran-modeldata r-cran-janeaustenr
#   fine-foods.csv            Amazon fine-food reviews (modeldata::small_fine_foods: training_data, then testing_data)
#   pride-and-prejudice.txt   Jane Austen, Pride and Prejudice (janeaustenr::prideprejudice, one line per line)
# Usage: examples/data/fetch-r-data.sh [DIR]   (default: this script's folder)
set -eu
dir=${1:-$(dirname "$0")}
mkdir -p "$dir"
if ! command -v Rscript >/dev/null; then
  echo "Rscript not found: apt-get install --no-install-recommends r-cran-modeldata r-cran-janeaustenr" >&2
  exit 2
fi
Rscript --vanilla - "$dir" <<'R'
dir <- commandArgs(trailingOnly = TRUE)[1]
data(small_fine_foods, package = "modeldata")
reviews <- rbind(training_data, testing_data)[, c("review", "score")]
write.csv(reviews, file.path(dir, "fine-foods.csv.tmp"), row.names = FALSE, fileEncoding = "UTF-8")
invisible(file.rename(file.path(dir, "fine-foods.csv.tmp"), file.path(dir, "fine-foods.csv")))
con <- file(file.path(dir, "pride-and-prejudice.txt.tmp"), encoding = "UTF-8")
writeLines(janeaustenr::prideprejudice, con)
close(con)
invisible(file.rename(file.path(dir, "pride-and-prejudice.txt.tmp"), file.path(dir, "pride-and-prejudice.txt")))
R
