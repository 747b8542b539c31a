// "Select all on this page" as a checkbox in the table's header. Without JavaScript the
// "Select all on this page" link reloads the page with every box ticked instead.
document.addEventListener('DOMContentLoaded', function () {
  var all = document.getElementById('select-all');
  if (!all) {
    return;
  }
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input.bulk-select'));
  var sync = function () {
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    all.checked = ticked === boxes.length && ticked > 0;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  };
  all.hidden = false;
  all.addEventListener('change', function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    sync();
  });
  boxes.forEach(function (box) { box.addEventListener('change', sync); });
  sync();
});
