"""The Streamlit face of Stance Tracker."""
