"""Every number the Q&A posts in ../shared/seeds quote, recomputed by lstm_ref and by Keras.

Run by pytest as doctests. The expected values are the ones the posts printed from Keras;
each line asks lstm_ref and today's Keras again.

>>> import lstm_ref as lr
>>> from keras_bridge import keras_params

Seed 001, the experiment: LSTM(10) on 5 features, with 13 and then 100 timesteps.

>>> lr.count_params(lr.LSTM(10), features=5)
640
>>> keras_params("LSTM(10)", (13, 5)), keras_params("LSTM(10)", (100, 5))
(640, 640)

Seed 002: LSTM(1) with one input feature, then with two.

>>> lr.count_params(lr.LSTM(1), features=1), keras_params("LSTM(1)", (1, 1))
(12, 12)
>>> lr.count_params(lr.LSTM(1), features=2), keras_params("LSTM(1)", (1, 2))
(16, 16)

The post's `kernel_c` was Keras 2's slice of the kernel for the candidate block (the third
of i, f, c, o): one column per unit, one row per feature.

>>> kernel = lr.weights(lr.LSTM(1), features=2)[0]
>>> kernel.shape, (kernel.shape[0], kernel.shape[1] // 4)
((2, 4), (2, 1))

Seed 001, the question's model: LSTM(32) on (10, 64), then Dense(2).

>>> summary = lr.summarize([lr.LSTM(32), lr.Dense(2)], input_shape=(10, 64))
>>> [row.params for row in summary.layers], summary.params
([12416, 66], 12482)
>>> keras_params("LSTM(32)", (10, 64)), keras_params("Dense(2)", (32,))
(12416, 66)

A GRU with default arguments (reset_after=True in Keras 3) has two bias rows:

>>> lr.count_params(lr.GRU(10), features=5), keras_params("GRU(10)", (13, 5))
(510, 510)
>>> lr.count_params(lr.GRU(10, reset_after=False), features=5)
480
>>> keras_params("GRU(10, reset_after=False)", (13, 5))
480
"""
