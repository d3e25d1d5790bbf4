// Copy a claim's citation when its permalink is activated. Our own code, no third party.
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest(".claim-permalink") : null;
  if (!link || !navigator.clipboard) { return; }
  var text = link.getAttribute("data-cite") + " " + link.href;
  navigator.clipboard.writeText(text).then(function () {
    link.setAttribute("data-copied", "true");
  }, function () {});
});
