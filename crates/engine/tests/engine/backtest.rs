// Tests of the backtest against an independent computation: still to be written (issue 9).
