// Copy buttons: <button data-copy="ID-of-input" data-copied="Copied">. Without JavaScript the
// read-only field can still be selected and copied by hand.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.addEventListener('click', function () {
      var field = document.getElementById(button.getAttribute('data-copy'));
      if (!field) {
        return;
      }
      var label = button.textContent;
      var done = function () {
        button.textContent = button.getAttribute('data-copied') || label;
        setTimeout(function () { button.textContent = label; }, 3000);
      };
      var byHand = function () {
        // older browsers, or the clipboard API refused: select and use the copy command
        field.select();
        document.execCommand('copy');
        done();
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, byHand);
      } else {
        byHand();
      }
    });
  });
});
