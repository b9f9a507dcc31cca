// The result page's "Copy the code" button for the embeddable card. The button is shown
// only where a script can write to the clipboard; everywhere else the code stays in its
// read-only text field, to select and copy by hand.
const button = document.getElementById("embed-copy");
const code = document.getElementById("embed-code");
const status = document.getElementById("embed-copied");

if (button && code && status && navigator.clipboard) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    status.textContent = "";
    try {
      await navigator.clipboard.writeText(code.value);
      status.textContent = button.dataset.copied;
    } catch {
      code.select(); // the browser refused: the code is selected, ready for Ctrl+C
    }
  });
}
