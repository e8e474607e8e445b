// Tests of the fit on a fixture with a known signal: still to be written (issue 9).
