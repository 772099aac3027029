// "In danh sách": a button with data-print prints the page (the CSP forbids inline handlers).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
